// The GCP components and the cluster add-ons, in one module registry (see group.ts).
import { group } from './group';

group(['gcp', 'addons']);
