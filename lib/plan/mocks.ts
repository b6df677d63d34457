/**
 * Pulumi mocks with plausible cloud outputs: IDs and ARNs in each service's
 * format, EKS endpoints and OIDC issuers, GCP self links, the zones of a
 * region. Deterministic (hashes of type and name), so two plans of the same
 * program are identical.
 */
import { createHash } from 'crypto';
import type * as pulumi from '@pulumi/pulumi';

/** Account ID of the mocked AWS account. */
export const MOCK_AWS_ACCOUNT = '123456789012';
/** Region of AWS resources and calls that name none. */
export const MOCK_AWS_REGION = 'us-east-1';
/** Project ID of the mocked GCP project. */
export const MOCK_GCP_PROJECT = 'plan-project';
/** Project number of the mocked GCP project. */
export const MOCK_GCP_PROJECT_NUMBER = '111122223333';
/** Region of GCP resources and calls that name none. */
export const MOCK_GCP_REGION = 'us-central1';

type State = Record<string, unknown>;
type Inputs = Record<string, unknown>;

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function fakeCertificate(seed: string): string {
  const body = Buffer.from(`mock certificate authority ${hex(seed, 32)}`).toString('base64');
  return Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`).toString('base64');
}

/** `aws:<module>/<member>:<Type>` → `<module>`, the ARN service for most resources. */
function awsService(type: string): string {
  return type.split(':')[1]?.split('/')[0] ?? 'aws';
}

function awsResource(type: string, name: string, inputs: Inputs): { id: string; state: State } {
  const seed = `${type}::${name}`;
  const region = str(inputs.region, MOCK_AWS_REGION);
  const physical = str(inputs.name, `${name}-${hex(seed, 7)}`);
  const arn = (service: string, resource: string, regional = true): string =>
    `arn:aws:${service}:${regional ? region : ''}:${MOCK_AWS_ACCOUNT}:${resource}`;
  const ec2 = (prefix: string, resource: string): { id: string; state: State } => {
    const id = `${prefix}-${hex(seed, 17)}`;
    return { id, state: { arn: arn('ec2', `${resource}/${id}`), ownerId: MOCK_AWS_ACCOUNT } };
  };
  switch (type) {
    case 'aws:ec2/vpc:Vpc': {
      const r = ec2('vpc', 'vpc');
      return {
        id: r.id,
        state: { ...r.state, defaultSecurityGroupId: `sg-${hex(`${seed}:sg`, 17)}`, mainRouteTableId: `rtb-${hex(`${seed}:rtb`, 17)}` },
      };
    }
    case 'aws:ec2/subnet:Subnet':
      return ec2('subnet', 'subnet');
    case 'aws:ec2/internetGateway:InternetGateway':
      return ec2('igw', 'internet-gateway');
    case 'aws:ec2/eip:Eip': {
      const r = ec2('eipalloc', 'elastic-ip');
      const last = (parseInt(hex(seed, 2), 16) % 254) + 1;
      return { id: r.id, state: { ...r.state, allocationId: r.id, publicIp: `203.0.113.${last}` } };
    }
    case 'aws:ec2/natGateway:NatGateway':
      return ec2('nat', 'natgateway');
    case 'aws:ec2/routeTable:RouteTable':
      return ec2('rtb', 'route-table');
    case 'aws:ec2/route:Route':
      return { id: `r-${str(inputs.routeTableId, 'rtb')}1080289494`, state: { state: 'active' } };
    case 'aws:ec2/routeTableAssociation:RouteTableAssociation':
      return { id: `rtbassoc-${hex(seed, 17)}`, state: {} };
    case 'aws:ec2/securityGroup:SecurityGroup':
    case 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup':
      return ec2('sg', 'security-group');
    case 'aws:ec2/flowLog:FlowLog':
      return ec2('fl', 'vpc-flow-log');
    case 'aws:ec2/launchTemplate:LaunchTemplate': {
      const r = ec2('lt', 'launch-template');
      return { id: r.id, state: { ...r.state, latestVersion: 1, defaultVersion: 1 } };
    }
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { id: physical, state: { name: physical, arn: arn('logs', `log-group:${physical}`) } };
    case 'aws:iam/role:Role':
      return {
        id: physical,
        state: { name: physical, arn: arn('iam', `role/${physical}`, false), uniqueId: `AROA${hex(seed, 17).toUpperCase()}` },
      };
    case 'aws:iam/rolePolicy:RolePolicy':
      return { id: `${str(inputs.role, 'role')}:${physical}`, state: { name: physical } };
    case 'aws:iam/rolePolicyAttachment:RolePolicyAttachment':
      return { id: `${str(inputs.role, 'role')}-${hex(seed, 20)}`, state: {} };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider': {
      const url = str(inputs.url, `https://oidc.eks.${region}.amazonaws.com/id/${hex(seed, 32).toUpperCase()}`).replace(/^https:\/\//, '');
      const providerArn = arn('iam', `oidc-provider/${url}`, false);
      return { id: providerArn, state: { arn: providerArn } };
    }
    case 'aws:kms/key:Key': {
      const h = hex(seed, 32);
      const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      return { id: keyId, state: { keyId, arn: arn('kms', `key/${keyId}`) } };
    }
    case 'aws:eks/cluster:Cluster': {
      const h = hex(seed, 32).toUpperCase();
      const vpcConfig = (typeof inputs.vpcConfig === 'object' && inputs.vpcConfig) || {};
      return {
        id: physical,
        state: {
          name: physical,
          arn: arn('eks', `cluster/${physical}`),
          endpoint: `https://${h}.gr7.${region}.eks.amazonaws.com`,
          certificateAuthority: { data: fakeCertificate(seed) },
          identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${h}` }] }],
          vpcConfig: { ...vpcConfig, clusterSecurityGroupId: `sg-${hex(`${seed}:sg`, 17)}`, vpcId: `vpc-${hex(`${seed}:vpc`, 17)}` },
          platformVersion: 'eks.1',
          status: 'ACTIVE',
        },
      };
    }
    case 'aws:eks/nodeGroup:NodeGroup': {
      const cluster = str(inputs.clusterName, 'cluster');
      return {
        id: `${cluster}:${physical}`,
        state: { nodeGroupName: physical, arn: arn('eks', `nodegroup/${cluster}/${physical}/${hex(seed, 8)}`), status: 'ACTIVE' },
      };
    }
    default:
      return { id: `${physical}`, state: { arn: arn(awsService(type), physical) } };
  }
}

function gcpResource(type: string, name: string, inputs: Inputs): { id: string; state: State } {
  const seed = `${type}::${name}`;
  const project = str(inputs.project, MOCK_GCP_PROJECT);
  const region = str(inputs.region, str(inputs.location, MOCK_GCP_REGION));
  const physical = str(inputs.name, `${name}-${hex(seed, 7)}`);
  const selfLink = (path: string): string => `https://www.googleapis.com/compute/v1/${path}`;
  const withLink = (path: string, extra: State = {}): { id: string; state: State } => ({
    id: path,
    state: { name: physical, project, selfLink: selfLink(path), ...extra },
  });
  switch (type) {
    case 'gcp:compute/network:Network':
      return withLink(`projects/${project}/global/networks/${physical}`);
    case 'gcp:compute/subnetwork:Subnetwork':
      return withLink(`projects/${project}/regions/${region}/subnetworks/${physical}`, { region });
    case 'gcp:compute/router:Router':
      return withLink(`projects/${project}/regions/${region}/routers/${physical}`, { region });
    case 'gcp:compute/routerNat:RouterNat':
      return { id: `${project}/${region}/${str(inputs.router, 'router')}/${physical}`, state: { name: physical, project, region } };
    case 'gcp:serviceaccount/account:Account': {
      const email = `${str(inputs.accountId, physical)}@${project}.iam.gserviceaccount.com`;
      const id = `projects/${project}/serviceAccounts/${email}`;
      return { id, state: { name: id, email, member: `serviceAccount:${email}`, uniqueId: String(parseInt(hex(seed, 12), 16)), project } };
    }
    case 'gcp:kms/keyRing:KeyRing':
      return { id: `projects/${project}/locations/${region}/keyRings/${physical}`, state: { name: physical, project } };
    case 'gcp:kms/cryptoKey:CryptoKey':
      return { id: `${str(inputs.keyRing, 'keyRing')}/cryptoKeys/${physical}`, state: { name: physical } };
    case 'gcp:container/cluster:Cluster': {
      const id = `projects/${project}/locations/${region}/clusters/${physical}`;
      const version = str(inputs.minMasterVersion, '1.33');
      return {
        id,
        state: {
          name: physical,
          project,
          location: region,
          endpoint: `192.0.2.${(parseInt(hex(seed, 2), 16) % 254) + 1}`,
          masterAuth: { clusterCaCertificate: fakeCertificate(seed), clientCertificateConfig: { issueClientCertificate: false } },
          masterVersion: `${version}.5-gke.1000000`,
          selfLink: `https://container.googleapis.com/v1/${id}`,
        },
      };
    }
    case 'gcp:container/nodePool:NodePool': {
      const cluster = str(inputs.cluster, 'cluster');
      const location = str(inputs.location, region);
      return {
        id: `projects/${project}/locations/${location}/clusters/${cluster}/nodePools/${physical}`,
        state: { name: physical, project },
      };
    }
    default:
      // IAM members and other bindings: an ID made of what they bind, as the provider does.
      return { id: `${physical}`, state: { name: physical, etag: `BwY${hex(seed, 8)}` } };
  }
}

function call(token: string, inputs: Inputs): State {
  switch (token) {
    case 'aws:index/getAvailabilityZones:getAvailabilityZones': {
      const region = str(inputs.region, MOCK_AWS_REGION);
      const letters = ['a', 'b', 'c', 'd', 'e', 'f'];
      return {
        id: region,
        names: letters.map((l) => `${region}${l}`),
        zoneIds: letters.map((_, i) => `${region.replace(/-/g, '').slice(0, 4)}-az${i + 1}`),
        groupNames: [region],
        state: 'available',
      };
    }
    case 'aws:index/getRegion:getRegion': {
      const region = str(inputs.region, MOCK_AWS_REGION);
      return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
    }
    case 'aws:index/getPartition:getPartition':
      return { id: 'aws', partition: 'aws', dnsSuffix: 'amazonaws.com', reverseDnsPrefix: 'com.amazonaws' };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        id: MOCK_AWS_ACCOUNT,
        accountId: MOCK_AWS_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:user/plan`,
        userId: 'AIDAPLANMOCK',
      };
    case 'gcp:compute/getZones:getZones': {
      const region = str(inputs.region, MOCK_GCP_REGION);
      return {
        id: `projects/${str(inputs.project, MOCK_GCP_PROJECT)}/regions/${region}`,
        names: ['a', 'b', 'c', 'f'].map((z) => `${region}-${z}`),
      };
    }
    case 'gcp:organizations/getClientConfig:getClientConfig':
      return {
        id: MOCK_GCP_PROJECT,
        project: MOCK_GCP_PROJECT,
        region: MOCK_GCP_REGION,
        zone: `${MOCK_GCP_REGION}-a`,
        accessToken: 'plan-token',
        defaultLabels: {},
      };
    case 'gcp:organizations/getProject:getProject': {
      const projectId = str(inputs.projectId, MOCK_GCP_PROJECT);
      return { id: `projects/${projectId}`, projectId, name: projectId, number: MOCK_GCP_PROJECT_NUMBER };
    }
    default:
      return {};
  }
}

/**
 * Mocks whose resources echo their inputs plus the outputs the cloud would
 * add, and whose calls answer like the cloud APIs. Unknown resource types get
 * an ID derived from their name; unknown calls an empty result.
 */
export function planMocks(): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const inputs = (args.inputs ?? {}) as Inputs;
      const made = args.type.startsWith('aws:')
        ? awsResource(args.type, args.name, inputs)
        : args.type.startsWith('gcp:')
          ? gcpResource(args.type, args.name, inputs)
          : { id: `${args.name}-${hex(`${args.type}::${args.name}`, 8)}`, state: {} };
      return { id: made.id, state: { ...inputs, ...made.state } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      return call(args.token, (args.inputs ?? {}) as Inputs);
    },
  };
}
