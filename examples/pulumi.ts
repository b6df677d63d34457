/**
 * Entry point of Pulumi.yaml: runs the example named by the stack's
 * `example` config (`pulumi config set example cqar`).
 */
import * as pulumi from '@pulumi/pulumi';

const example = new pulumi.Config().get('example') ?? 'ralph-orchestrator';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(`./${example}/pulumi`);
