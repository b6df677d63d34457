/** Ralph Orchestrator on GCP: the guide's gcloud path (GKE, Cloud SQL, Memorystore). The spec is shared with the AWS variant. */
import { ProductionStack } from 'production-stack/pulumi';
import { withDeployer } from '../deployer';
import { specFor } from '../ralph-orchestrator/spec';

const spec = specFor('gcp');
new ProductionStack(spec.name, withDeployer(spec));
