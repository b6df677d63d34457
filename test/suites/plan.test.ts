// The offline plan and the pinned names, in one module registry (see group.ts).
import { group } from './group';

group(['plan']);
