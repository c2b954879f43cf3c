export { createEgressPolicy, type EgressOptions, type Resolve } from './egress-policy';
export { DEFAULT_EGRESS_LIMITS, type EgressLimits } from './egress-fetch';
export { classifyAddress, ipBytes, type AddressClass } from './address-class';
export type { EgressFetch, EgressPolicy, EgressTarget } from './types';
