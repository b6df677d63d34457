// The Pulumi stack's wiring and the examples' guide values, in one module registry (see group.ts).
import { group } from './group';

group(['stack', 'examples']);
