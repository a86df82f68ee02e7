// Analytics events: the AnalyticsStore port, the use-case service the gateway's analytics
// handlers call, and the SQL the adapter sends. Adapters live in ./adapters/
// (ClickHouseAnalyticsStore, startedOnFirstUse) and are imported only by composition roots.
export {
  AnalyticsService,
  type AnalyticsServiceOptions,
  type MaskFn,
} from "./analytics-service.js";
export { ANALYTICS_LIMITS, EVENT_NAME, PROPERTY_NAME } from "./limits.js";
export { compileQuery } from "./sql/compile-query.js";
export { CREATE_EVENTS_TABLE } from "./sql/schema.js";
export type * from "./types.js";
