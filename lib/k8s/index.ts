/**
 * cdk8s constructs and builders for hardened Kubernetes workloads. Importing
 * this module never loads the Pulumi SDKs.
 * @module k8s
 */
export { ProductionService, type ProductionServiceProps } from './production-service';
export { StackNamespace, type StackNamespaceProps, podSecurityLabels, peakUsage } from './namespace';
export {
  calleeIndex,
  defaultDeny,
  acmeSolverPolicy,
  ACME_SOLVER,
  servicePolicy,
  jobPolicy,
  egressRules,
  type EgressNeeds,
  type CalleeIndex,
  gatewayPeer,
} from './network-policy';
export { externalSecret, externalSecretNamespaces, secretSources, type ExternalSecretSource } from './external-secret';
export { podSecurityContext, containerSecurityContext } from './security';
export { selectorLabels, serviceLabels, stackLabels, imageVersion, MANAGED_BY } from './labels';
export { natsUrl, NATS_NAME } from './nats-address';
export { Edge, type EdgeProps } from './edge';
export { envoyProxy, gateway, clientTrafficPolicy, httpsRedirects, GATEWAY_API, ENVOY_GATEWAY_API, ROUTE_HOSTNAMES } from './gateway';
export { routeObject, backendTrafficPolicy, notFoundFilter } from './routes';
export { REVISION_HISTORY_LIMIT } from './workload';
export { restrictedViolations, availabilityViolations, podSpecOf } from './checks';
export type { Manifest } from './manifest';
export { readinessReport, renderReadinessReport, type ReadinessReport, type ReadinessCheck } from './readiness';
export { StackCronJob, migrationJobName, migrationLabels, WAIT_FOR_JOBS_RULE } from './jobs';
export { SYNC_WAVE, SYNC_WAVE_ANNOTATION, PREREQUISITE_KINDS } from './sync-waves';
export { PostgresBootstrap, bootstrapJobName, postgresImage } from './postgres-bootstrap';
export { DatastoreExporter, POSTGRES_EXPORTER_ARGS } from './datastore-exporter';
export { cloudIdentityAnnotations } from './identity';
export { strictMtls, serviceMesh, meshNamespaceLabels, ISTIO_NAMESPACE, ISTIOD_PORT } from './mesh';
