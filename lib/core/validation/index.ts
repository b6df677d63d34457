import type { Cloud, ProductionStackProps } from '../spec/stack';
import { arr, isObject, unique } from './checks';
import { type Problem, Problems, ValidationError } from './problems';
import { checkCronJobs, checkObjectNames } from './jobs';
import { checkReferences } from './references';
import { checkEdge } from './edge';
import { checkService } from './service';
import { checkConnectionBudget, checkPostgres, checkRedis } from './datastores';
import { checkDr } from './dr';
import { checkCloudAccessTargets, checkGcpAccountNames } from './cloud-access';
import { checkPlaintextSecrets } from './plaintext';
import { checkRbacNames } from './rbac';
import { checkCloudNames } from './cloud-names';
import { checkQueues } from './queue';
import { checkCluster, checkIdentity, checkMonitoring, checkNats, checkSecrets } from './stack';
import { checkUnknownKeys } from './unknown-keys';
import { plainSpec } from './plain';
import { checkStrings } from './strings';
import { checkRules } from './rules';

export { formatProblem, type Problem, ValidationError } from './problems';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * The only cloud the caller provisions: a spec for another is a problem at `cloud`.
   * @default - either cloud
   */
  readonly cloud?: Cloud;
}

/**
 * Every problem in a spec, without throwing. Safe on any input, even one that
 * does not match the types (from JavaScript or parsed JSON).
 */
export function check(input: unknown): readonly Problem[] {
  return checked(input).problems;
}

/** The spec as plain data (see plain.ts), and every problem in it. */
function checked(input: unknown, options: ValidateOptions = {}): { props: unknown; problems: readonly Problem[] } {
  const p = new Problems();
  const props = plainSpec(p, input);
  if (!isObject(props)) {
    if (p.all.length === 0) p.add('', props, 'the spec must be an object');
    return { props, problems: p.all };
  }
  checkUnknownKeys(p, props);
  checkStrings(p, props);
  checkIdentity(p, props);
  if (options.cloud !== undefined && props.cloud !== options.cloud)
    p.add(
      'cloud',
      props.cloud,
      `{value} is not "${options.cloud}": this ProductionStack provisions ${options.cloud} only (production-stack/pulumi/${options.cloud})`,
    );
  checkCloudNames(p, props);
  checkCluster(p, props);
  const services = arr(p, 'services', props.services);
  if (props.services === undefined || services.length === 0) p.add('services', props.services, 'a stack needs at least one service');
  services.forEach((s, i) => {
    if (isObject(s)) checkService(p, `services[${i}]`, s);
    else p.add(`services[${i}]`, s, '{value} must be an object');
  });
  unique(
    p,
    'services',
    services
      .filter(isObject)
      .map((s) => s.name)
      .filter((n): n is string => typeof n === 'string'),
    'service name',
  );
  checkCronJobs(p, props);
  checkObjectNames(p, props);
  checkSecrets(p, props);
  checkPostgres(p, props);
  checkRedis(p, props);
  checkConnectionBudget(p, props);
  checkNats(p, props);
  checkQueues(p, props);
  checkMonitoring(p, props);
  checkDr(p, props);
  checkReferences(p, props);
  checkEdge(p, props);
  checkRbacNames(p, props);
  checkCloudAccessTargets(p, props);
  checkGcpAccountNames(p, props);
  checkPlaintextSecrets(p, props);
  checkRules(p, props);
  return { props, problems: p.all };
}

/**
 * Throws one {@link ValidationError} listing every problem, or returns the spec as the plain data that was
 * checked: build from the result, not the input, so that a getter or a proxy cannot answer differently later.
 */
export function validate(input: ProductionStackProps, options: ValidateOptions = {}): ProductionStackProps {
  const { props, problems } = checked(input, options);
  if (problems.length > 0) {
    const name = isObject(props) && typeof props.name === 'string' ? props.name : '<unnamed>';
    throw new ValidationError(name, problems);
  }
  return props as ProductionStackProps;
}
