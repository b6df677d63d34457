/**
 * NATS JetStream in the cluster: the server cluster, its configuration,
 * streams, consumers and monitoring.
 * @module nats
 */
export { NatsCluster, type NatsClusterProps } from './cluster';
export {
  natsConfig,
  natsUsers,
  natsPublishers,
  natsPublisherRemoteKey,
  publisherInbox,
  type PublisherCredential,
  type NatsPublisherSecretArgs,
  routes,
  users,
  passwordEnv,
  NATS_PASSWORD,
  NATS_PORTS,
  CONTROLLER_USER,
  ROUTE_POOL_SIZE,
  HEADLESS_NAME,
} from './config';
export { renderConf, EnvRef, type ConfValue } from './conf';
export { streamResources, resourceName, CONTROLLER_USER_KEY } from './streams';
export { natsAlerts, natsMonitoring, NATS_ALERT_THRESHOLDS } from './monitoring';
