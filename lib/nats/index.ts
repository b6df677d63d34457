/**
 * NATS JetStream in the cluster: the server cluster, its configuration,
 * streams and consumers (its alerts and PodMonitor are lib/monitoring's).
 * @module nats
 */
export { NatsCluster, type NatsClusterProps } from './cluster';
export {
  natsConfig,
  natsPublisherRemoteKey,
  type PublisherCredential,
  type NatsPublisherSecretArgs,
  routes,
  users,
  passwordEnv,
  NATS_PASSWORD,
  NATS_PORTS,
  HEADLESS_NAME,
} from './config';
export { renderConf, EnvRef, type ConfValue } from './conf';
export { streamResources, resourceName } from './streams';
export { ROUTE_POOL_SIZE } from '../core/nats-routes';
export { natsUsers, natsPublishers, natsInbox, publisherInbox, CONTROLLER_USER, CONTROLLER_USER_KEY } from '../core/nats-users';
