/**
 * The region failover and failback sections of the runbook (lib/core/runbook-failover.ts), for the stack's state
 * now: which steps apply, in which order and numbered how, and the exact commands each runs for this stack's
 * names and regions. test/core/runbook.test.ts runs the commands (stubbed) with hostile values; these tests
 * state what each step says and when.
 */
import { type ProductionStackProps, resolve } from 'production-stack';
import { failoverSections } from '../../lib/core/runbook-failover';
import { baseSpec, type Loose } from '../support/spec';

/** The base spec on `cloud` with a standby region (us-east-1, or us-east1 on GCP) and `dr`, then `patch` applied. */
function spec(cloud: 'aws' | 'gcp', dr: Loose = {}, patch: Loose = {}): ProductionStackProps {
  const base: Loose = baseSpec();
  const onCloud =
    cloud === 'aws'
      ? { ...base, dr: { standbyRegion: 'us-east-1', ...dr } }
      : {
          ...base,
          cloud,
          region: 'us-central1',
          services: base.services.map((s: Loose) => ({ ...s, cloudIdentity: undefined })),
          dr: { standbyRegion: 'us-east1', ...dr },
        };
  return { ...onCloud, ...patch };
}

/** The failover sections, one line each. */
const sections = (props: ProductionStackProps): string[] => failoverSections(resolve(props));

/** The numbered steps, as `<n>. <first words>`. */
const steps = (lines: readonly string[]): string[] => lines.filter((l) => /^\d+\. /.test(l)).map((l) => l.split(/[:;,(]/)[0]!.trim());

describe('a database that diverged at the last failover: re-seed it, then fail back as a planned failover', () => {
  const diverged = () => sections(spec('aws', { activeRegion: 'us-east-1' }));

  test('the planned failover continues the re-seed’s numbering: steps 4 to 9', () => {
    expect(steps(diverged())).toEqual([
      '1. When us-west-2 is healthy again',
      '2. Re-seed',
      '3. Wait until it has caught up',
      '4. Pick a quiet hour',
      '5. Drain us-east-1',
      '6. Wait until the us-west-2 replica has received every write',
      '7. Flip while drained',
      '8. Serve',
      '9. Verify',
    ]);
  });

  test('the drain says how long nothing takes writes by the serve step’s own number (8), not the 5 of a failover alone', () => {
    expect(
      diverged()
        .filter((l) => /Until step \d+/.test(l))
        .map((l) => /Until step \d+/.exec(l)![0]),
    ).toEqual(['Until step 8']);
    expect(
      sections(spec('aws'))
        .filter((l) => /Until step \d+/.test(l))
        .map((l) => /Until step \d+/.exec(l)![0]),
    ).toEqual(['Until step 5']);
  });
});
