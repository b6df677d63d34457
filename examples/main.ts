/**
 * The cdk8s app behind `npm run synth` (see cdk8s.yaml): synthesizes every
 * example's manifests and its architecture diagram (Mermaid,
 * `architecture.mmd`) and failover runbook (`RUNBOOK.md`) into
 * `dist/<example>/`, and prints each stack's
 * production readiness report. A stack that fails a check (or an invalid
 * spec, which names the stack and each field) makes the command exit 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import {
  ProductionStack,
  type ProductionStackProps,
  ValidationError,
  architectureDiagram,
  failoverRunbook,
  readinessReport,
  renderReadinessReport,
} from 'production-stack';
import { examples } from './index';

/** Synthesizes each stack into `<outdir>/<name>/`, reporting as it goes; true when every stack is ready. */
export function synthAll(stacks: Readonly<Record<string, ProductionStackProps>>, outdir: string, log: (line: string) => void): boolean {
  let ok = true;
  const names = Object.keys(stacks);
  names.forEach((name, i) => {
    log(`[${i + 1}/${names.length}] ${name}`);
    try {
      const app = new App({ outdir: path.join(outdir, name) });
      const stack = new ProductionStack(app, stacks[name].name, stacks[name]);
      app.synth();
      fs.writeFileSync(path.join(outdir, name, 'architecture.mmd'), architectureDiagram(stack.spec));
      fs.writeFileSync(path.join(outdir, name, 'RUNBOOK.md'), failoverRunbook(stacks[name], stack.spec));
      const report = readinessReport(stacks[name], stack.spec, stack.toJson());
      log(renderReadinessReport(report));
      ok &&= report.ok;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      log(e.message);
      ok = false;
    }
  });
  return ok;
}

if (require.main === module) {
  // stderr: the cdk8s CLI captures the app's stdout and shows its stderr
  const ok = synthAll(examples, process.env.CDK8S_OUTDIR ?? 'dist', (line) => console.error(line));
  if (!ok) {
    console.error('production readiness: a stack failed its checks (see above)');
    process.exitCode = 1;
  }
}
