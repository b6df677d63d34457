/**
 * The stack's environment (lib/core/resolve/environment.ts): as the spec says, else production (the spec's
 * `@default "production"` of ProductionStackProps.environment).
 */
import { resolveEnvironment } from 'production-stack/core/resolve/environment';

test('an environment given is kept', () => {
  expect(resolveEnvironment('staging')).toBe('staging');
  expect(resolveEnvironment('development')).toBe('development');
});

test('no environment is production', () => {
  expect(resolveEnvironment(undefined)).toBe('production');
});
