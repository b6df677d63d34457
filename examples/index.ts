/** Every example's spec, by example name (the folder under examples/). */
import type { ProductionStackProps } from 'production-stack';
import { spec as cqar } from './cqar/spec';
import { spec as qbitel } from './qbitel/spec';
import { spec as qlRf } from './ql-rf/spec';
import { spec as qnaAgent } from './qna-agent/spec';
import { specFor as ralph } from './ralph-orchestrator/spec';

export const examples: Readonly<Record<string, ProductionStackProps>> = {
  'ql-rf': qlRf,
  'qna-agent': qnaAgent,
  'ralph-orchestrator': ralph('aws'),
  'ralph-orchestrator-gcp': ralph('gcp'),
  qbitel,
  cqar,
};
