/**
 * The project services (APIs) the GCP resources of a stack call. A fresh project has few enabled
 * (Service Usage, Cloud Logging, Cloud Monitoring, Cloud Storage and a few more): the stack enables
 * the others itself, and each resource waits for the services of its type.
 */
import * as gcp from '../sdk/gcp';
import * as pulumi from '@pulumi/pulumi';

/** A GCP API, and the resource types of the stack that need it. */
export interface ProjectServiceUse {
  /** The service name of the API, e.g. `sqladmin.googleapis.com`. */
  readonly service: string;
  /** Type tokens of the resources (and lookups) that need the API enabled before they are created (or called). */
  readonly types: readonly string[];
  /** What the stack uses it for. */
  readonly why: string;
}

/** Cloud Resource Manager: project IAM, and the provider's read of the project each time it enables another service. */
export const RESOURCE_MANAGER_SERVICE = 'cloudresourcemanager.googleapis.com';
/** Secret Manager: the stack's secrets, which External Secrets reads. */
export const SECRET_MANAGER_SERVICE = 'secretmanager.googleapis.com';
/** Type token of the lookup of a region's zones (`gcp.compute.getZones`). */
export const ZONES_LOOKUP = 'gcp:compute/getZones:getZones';
/** Type token of the lookup of a project's number (`gcp.organizations.getProject`). */
export const PROJECT_LOOKUP = 'gcp:organizations/getProject:getProject';
/** Type token of {@link ProjectServices}. */
export const GCP_PROJECT_SERVICES_TYPE = 'production-stack:gcp:ProjectServices';

const CLUSTER = 'gcp:container/cluster:Cluster';
const NODE_POOL = 'gcp:container/nodePool:NodePool';
const WORKLOAD_IDENTITY = 'gcp:serviceaccount/iAMMember:IAMMember';
const KEY_GRANT = 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember';

/**
 * Every API the stack's GCP resources need, with the resource types that need each: the one
 * place that says which services a stack enables. A type may need several (a GKE cluster needs
 * Compute Engine for its nodes and Cloud Logging and Monitoring for what GKE sends them).
 */
export const PROJECT_SERVICES: readonly ProjectServiceUse[] = [
  {
    service: RESOURCE_MANAGER_SERVICE,
    types: ['gcp:projects/iAMMember:IAMMember', PROJECT_LOOKUP],
    why: "project IAM grants and the project's number; the provider reads the project whenever it enables another service",
  },
  {
    service: 'compute.googleapis.com',
    types: [
      'gcp:compute/network:Network',
      'gcp:compute/subnetwork:Subnetwork',
      'gcp:compute/router:Router',
      'gcp:compute/routerNat:RouterNat',
      'gcp:compute/globalAddress:GlobalAddress',
      'gcp:compute/address:Address',
      'gcp:compute/healthCheck:HealthCheck',
      CLUSTER,
      NODE_POOL,
      ZONES_LOOKUP,
    ],
    why: "the VPC, its subnets, routers and NAT, the private services range, the gateways' addresses and the failover health check; GKE's nodes are Compute Engine VMs",
  },
  {
    service: 'container.googleapis.com',
    types: [CLUSTER, NODE_POOL, KEY_GRANT],
    why: "GKE; enabling it creates the GKE service agent, which the Secrets key's grant names",
  },
  {
    service: 'logging.googleapis.com',
    types: [CLUSTER, 'gcp:logging/projectSink:ProjectSink'],
    why: "GKE's logs; the database events' sink",
  },
  { service: 'monitoring.googleapis.com', types: [CLUSTER], why: "GKE's system metrics" },
  {
    service: 'cloudkms.googleapis.com',
    types: ['gcp:kms/keyRing:KeyRing', 'gcp:kms/cryptoKey:CryptoKey', KEY_GRANT],
    why: "the key that encrypts each cluster's Secrets",
  },
  {
    service: 'iam.googleapis.com',
    types: ['gcp:serviceaccount/account:Account', WORKLOAD_IDENTITY],
    why: 'the Google service accounts and who may act as them',
  },
  {
    service: 'iamcredentials.googleapis.com',
    types: [WORKLOAD_IDENTITY],
    why: "Workload Identity: a pod bound to a Google service account gets that account's tokens from the IAM Service Account Credentials API",
  },
  {
    service: 'servicenetworking.googleapis.com',
    types: ['gcp:servicenetworking/connection:Connection'],
    why: 'private service access: Cloud SQL and Memorystore on private IPs',
  },
  {
    service: 'sqladmin.googleapis.com',
    types: ['gcp:sql/databaseInstance:DatabaseInstance', 'gcp:sql/database:Database', 'gcp:sql/user:User'],
    why: 'Cloud SQL for PostgreSQL',
  },
  { service: 'redis.googleapis.com', types: ['gcp:redis/instance:Instance'], why: 'Memorystore for Redis' },
  {
    service: SECRET_MANAGER_SERVICE,
    types: [
      'gcp:secretmanager/secret:Secret',
      'gcp:secretmanager/secretVersion:SecretVersion',
      'gcp:secretmanager/regionalSecret:RegionalSecret',
      'gcp:secretmanager/regionalSecretVersion:RegionalSecretVersion',
    ],
    why: 'the connection details and passwords the stack writes, and every secret External Secrets reads',
  },
  {
    service: 'dns.googleapis.com',
    types: ['gcp:dns/managedZone:ManagedZone', 'gcp:dns/recordSet:RecordSet', 'gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember'],
    why: "the failover record, the zone of cert-manager's DNS-01 challenges with its grant and the records leading to it, and the private zones of the Cloud SQL instances' names",
  },
  {
    service: 'pubsub.googleapis.com',
    types: ['gcp:pubsub/topic:Topic', 'gcp:pubsub/topicIAMMember:TopicIAMMember'],
    why: "the topic of the standby database's events",
  },
  {
    service: 'storage.googleapis.com',
    types: ['gcp:storage/bucket:Bucket', 'gcp:storage/bucketIAMMember:BucketIAMMember'],
    why: "the logical backups' bucket",
  },
];

/** The services a resource type (or lookup) needs, per {@link PROJECT_SERVICES}: none for a type it does not list. */
export function servicesOf(type: string): string[] {
  return PROJECT_SERVICES.filter((s) => s.types.includes(type)).map((s) => s.service);
}

/** Arguments of {@link ProjectServices}. */
export interface ProjectServicesArgs {
  /**
   * Services enabled from the start, besides those the resources' types ask for later (see {@link ProjectServices.forType}).
   * @default - none
   */
  readonly services?: readonly string[];
  /**
   * Project of the services.
   * @default - the provider's project
   */
  readonly project?: pulumi.Input<string>;
}

/**
 * The project services a stack enables, each a `gcp.projects.Service` named `${name}-<api>`
 * (`<api>` is the service name before `.googleapis.com`: `-sqladmin`, `-container`), created the
 * first time it is asked for, so a stack enables only the APIs of what it creates. None is ever
 * disabled (`disableOnDestroy: false`, `disableDependentServices: false`): destroying the stack
 * leaves them on, for whatever else in the project uses them. Every service but Cloud Resource
 * Manager waits for Cloud Resource Manager, through which the provider reads the project after
 * enabling a service.
 */
export class ProjectServices extends pulumi.ComponentResource {
  private readonly prefix: string;
  private readonly project?: pulumi.Input<string>;
  private readonly enabled = new Map<string, gcp.projects.Service>();

  constructor(name: string, args: ProjectServicesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_PROJECT_SERVICES_TYPE, name, {}, opts);
    this.prefix = name;
    this.project = args.project;
    for (const service of args.services ?? []) this.enable(service);
    this.registerOutputs({});
  }

  /** The services enabled so far, by service name. */
  public get services(): ReadonlyMap<string, gcp.projects.Service> {
    return this.enabled;
  }

  /** The resource that enables `service`, created the first time it is asked for. */
  public enable(service: string): gcp.projects.Service {
    const existing = this.enabled.get(service);
    if (existing) return existing;
    const after = service === RESOURCE_MANAGER_SERVICE ? [] : [this.enable(RESOURCE_MANAGER_SERVICE)];
    const resource = new gcp.projects.Service(
      `${this.prefix}-${service.replace(/\.googleapis\.com$/, '')}`,
      { service, project: this.project, disableOnDestroy: false, disableDependentServices: false },
      { parent: this, dependsOn: after },
    );
    this.enabled.set(service, resource);
    return resource;
  }

  /** The resources that enable what the types (resource types or lookups) need, per {@link PROJECT_SERVICES}. */
  public forTypes(types: readonly string[]): gcp.projects.Service[] {
    return [...new Set(types.flatMap(servicesOf))].map((s) => this.enable(s));
  }

  /** The resources that enable what `type` needs, per {@link PROJECT_SERVICES}. */
  public forType(type: string): gcp.projects.Service[] {
    return this.forTypes([type]);
  }
}

/**
 * A transformation (the `transformations` resource option) that makes each resource depend on the
 * services its type needs, enabling them in `services()` (see {@link ProjectServices.forType});
 * it leaves alone the types {@link PROJECT_SERVICES} does not list, and everything while `services()`
 * gives nothing. Given to a stack, it reaches each of its descendants.
 */
export function requireProjectServices(services: () => ProjectServices | undefined): pulumi.ResourceTransformation {
  return ({ type, props, opts }) => {
    const needed = services()?.forType(type) ?? [];
    if (needed.length === 0) return undefined;
    const given = opts.dependsOn;
    // Pulumi flattens what dependsOn lists, promises and outputs of lists included.
    const before = given === undefined ? [] : Array.isArray(given) ? given : [given as pulumi.Input<pulumi.Resource>];
    return { props, opts: { ...opts, dependsOn: [...before, ...needed] } };
  };
}
