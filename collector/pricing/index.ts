export { createPricing } from './pricing';
export type { Pricing, TokenCost, TokenUsage } from './pricing';
export { loadPriceOverrides } from './load-overrides';
export { priceTable } from './prices';
