/** The defaults of disaster recovery: backups, restore drills and the standby region. */
import { defaultBackupBucket } from '../naming';
import { failoverHealthCheckPath, standbyNetworkCidr } from '../standby';
import type { ProductionStackProps } from '../spec/stack';
import { DEFAULTS } from './defaults';
import { resolveEnvironment } from './environment';
import type { ResolvedEdge } from './edge';
import type { ResolvedService, ResolvedStack } from './types';

/** The standby region's mode: as the spec says, else pilot light. */
export function standbyMode(
  dr: Pick<NonNullable<ProductionStackProps['dr']>, 'mode'> | undefined,
): NonNullable<ResolvedStack['dr']['mode']> {
  return dr?.mode ?? DEFAULTS.dr.standbyMode;
}

/** The `dr` section with every default applied; the health check path of the failover record follows the routes. */
export function resolveDr(props: ProductionStackProps, services: readonly ResolvedService[], edge: ResolvedEdge): ResolvedStack['dr'] {
  const dr = props.dr;
  return {
    objectives: dr?.objectives ?? [],
    backupSchedule: backupSchedule(dr),
    backupRetentionDays: backupRetentionDays(dr?.backupRetentionDays),
    standbyRegion: dr?.standbyRegion,
    ...standby(props, services, edge),
    drain: dr?.drain ?? false,
    logicalBackups: props.postgres !== undefined && dr?.logicalBackups !== false,
    backupBucket: dr?.backupBucket ?? defaultBackupBucket(props.name, resolveEnvironment(props.environment)),
    backupIdentity: dr?.backupIdentity,
    restoreDrill: {
      schedule: dr?.restoreDrill?.schedule ?? DEFAULTS.dr.restoreDrillSchedule,
      checks: dr?.restoreDrill?.checks ?? [DEFAULTS.dr.restoreDrillCheck],
    },
  };
}

/** The schedule of the logical backups: as the spec says, else daily at 02:00 UTC. */
export function backupSchedule(dr: Pick<NonNullable<ProductionStackProps['dr']>, 'backupSchedule'> | undefined): string {
  return dr?.backupSchedule ?? DEFAULTS.dr.backupSchedule;
}

/** How many days backups are kept: as the spec (or a component's args) says, else 30. */
export function backupRetentionDays(days: number | undefined): number {
  return days ?? DEFAULTS.dr.backupRetentionDays;
}

/** The standby settings of `dr`: the mode and DNS only with a standby region; the active region always. */
function standby(
  props: ProductionStackProps,
  services: readonly ResolvedService[],
  edge: ResolvedEdge,
): Pick<ResolvedStack['dr'], 'mode' | 'activeRegion' | 'dns' | 'reseeds' | 'aws'> {
  const dr = props.dr;
  const activeRegion = dr?.activeRegion ?? props.region;
  const standbyRegion = dr?.standbyRegion;
  if (standbyRegion === undefined) return { activeRegion };
  const dns = dr?.dns && {
    zoneId: dr.dns.zoneId,
    name: dr.dns.name,
    targets: { ...dr.dns.targets },
    healthCheckPath: dr.dns.healthCheckPath ?? failoverHealthCheckPath(dr.dns.name, edge.routes, services),
    hosts: [...(dr.dns.hosts ?? [])],
  };
  // on AWS the standby has a VPC of its own, peered with the primary's (on GCP a subnet of the same VPC)
  const network =
    props.cloud === 'aws'
      ? {
          aws: {
            standbyNetworkCidr: dr?.aws?.standbyNetworkCidr ?? standbyNetworkCidr(props.cluster?.networkCidr ?? DEFAULTS.networkCidr),
          },
        }
      : {};
  return { mode: standbyMode(dr), activeRegion, reseeds: dr?.reseeds ?? 0, ...network, ...(dns ? { dns } : {}) };
}
