import type { AnalyticsQuery } from "../../../server/gateway/analytics/types.js";

const FULL = { from: "2025-03-01T00:00:00Z", to: "2025-06-01T00:00:00Z" };
const CHECKOUT = { event: "checkout.completed", ...FULL };

/**
 * The fixture check: each query runs on the store and through the hand computation in
 * expected.ts, for both tenants. Together they cover every aggregate, every interval, grouping
 * by a property and by user_id, and every filter operator with typed values.
 */
export const FIXTURE_QUERIES: Record<string, AnalyticsQuery> = {
  "count, whole range": { ...CHECKOUT, aggregate: "count" },
  "uniq_users, whole range": { ...CHECKOUT, aggregate: "uniq_users" },
  "sum amount": { ...CHECKOUT, aggregate: "sum", property: "amount" },
  "avg amount": { ...CHECKOUT, aggregate: "avg", property: "amount" },
  "count by day": { ...CHECKOUT, aggregate: "count", interval: "day" },
  "uniq_users by week": { event: "page.view", ...FULL, aggregate: "uniq_users", interval: "week" },
  "sum amount by month, group by plan": {
    ...CHECKOUT,
    aggregate: "sum",
    property: "amount",
    interval: "month",
    group_by: ["plan"],
  },
  "avg amount by plan and country, beta = true": {
    ...CHECKOUT,
    aggregate: "avg",
    property: "amount",
    group_by: ["plan", "country"],
    filters: [{ property: "beta", op: "eq", value: true }],
  },
  "sum qty by hour, plan in [pro, team], country ne DE": {
    event: "signup",
    ...FULL,
    aggregate: "sum",
    property: "qty",
    interval: "hour",
    filters: [
      { property: "plan", op: "in", value: ["pro", "team"] },
      { property: "country", op: "ne", value: "DE" },
    ],
  },
  "count by minute, narrow range": {
    event: "app:open",
    from: "2025-04-01T00:00:00Z",
    to: "2025-04-03T00:00:00Z",
    aggregate: "count",
    interval: "minute",
  },
  "count group by amount (mixed types, nulls)": {
    ...CHECKOUT,
    aggregate: "count",
    group_by: ["amount"],
  },
  "count group by user_id and beta": {
    event: "page.view",
    ...FULL,
    aggregate: "count",
    group_by: ["user_id", "beta"],
  },
  "amount gte 50 and lt 80.5": {
    ...CHECKOUT,
    aggregate: "count",
    group_by: ["country"],
    filters: [
      { property: "amount", op: "gte", value: 50 },
      { property: "amount", op: "lt", value: 80.5 },
    ],
  },
  "amount in [10, '10'] (typed)": {
    ...CHECKOUT,
    aggregate: "count",
    filters: [{ property: "amount", op: "in", value: [10, "10", 12.5, true] }],
  },
  "country lte FR (string order), gt on user_id": {
    event: "signup",
    ...FULL,
    aggregate: "uniq_users",
    group_by: ["country"],
    filters: [
      { property: "country", op: "lte", value: "FR" },
      { property: "user_id", op: "gt", value: "u_2" },
    ],
  },
  "user_id in, beta ne false": {
    ...CHECKOUT,
    aggregate: "sum",
    property: "amount",
    interval: "day",
    filters: [
      { property: "user_id", op: "in", value: ["u_1", "u_7", "u_30"] },
      { property: "beta", op: "ne", value: false },
    ],
  },
  "avg of a never-numeric property is null": { ...CHECKOUT, aggregate: "avg", property: "plan" },
  "filter on an absent property": {
    ...CHECKOUT,
    aggregate: "count",
    filters: [{ property: "no_such_prop", op: "eq", value: "x" }],
  },
  "hostile filter value matches its own event only": {
    ...CHECKOUT,
    aggregate: "count",
    group_by: ["note"],
    filters: [{ property: "note", op: "eq", value: "'); DROP TABLE events; --" }],
  },
};
