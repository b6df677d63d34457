/** The stack's environment. */
import type { Environment } from '../spec/stack';
import { DEFAULTS } from './defaults';

/** The stack's environment: as the spec says, else production. */
export function resolveEnvironment(environment: Environment | undefined): Environment {
  return environment ?? DEFAULTS.environment;
}
