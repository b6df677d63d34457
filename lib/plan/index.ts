/**
 * The offline plan: what `pulumi up` would create, from Pulumi mocks, without
 * the Pulumi CLI, credentials or a cloud account. Used by `npm run plan` and by tests.
 * @module plan
 */
export { plan, decodeInput, SECRET_MASK, PlanError, type PlanResource, type PlanOptions, type PlanSettings } from './plan';
export {
  planMocks,
  mockLoadBalancerHostname,
  MOCK_AWS_ACCOUNT,
  MOCK_AWS_REGION,
  MOCK_GCP_PROJECT,
  MOCK_GCP_PROJECT_NUMBER,
  MOCK_GCP_REGION,
} from './mocks';
export { renderPlan, planDocument, flattenInputs, MAX_VALUE_LENGTH, type PlanDocument } from './render';
