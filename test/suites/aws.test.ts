// The AWS components, in one module registry (see group.ts).
import { group } from './group';

group(['aws']);
