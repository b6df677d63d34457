/** The Pulumi program: `pulumi up` provisions this example (see Pulumi.yaml); `npm run plan -- <example>` previews it offline. */
import { ProductionStack } from 'production-stack/pulumi';
import { withDeployer } from '../deployer';
import { spec } from './spec';

new ProductionStack(spec.name, withDeployer(spec));
