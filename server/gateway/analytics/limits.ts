/**
 * Every limit of the analytics API in one place, so the docs, the validation and the tests
 * agree. Values follow `openapi/components/schemas/analytics.yaml`.
 */
export const ANALYTICS_LIMITS = {
  /** Events per ingest batch: one INSERT per batch keeps ClickHouse parts few and large. */
  maxBatchEvents: 1000,
  /** Serialized batch size; the HTTP body limit says the same. */
  maxBatchBytes: 1024 * 1024,
  maxProperties: 64,
  maxStringLength: 1024,
  maxUserIdLength: 128,
  /** Oldest accepted event timestamp relative to now: late backfills, not archaeology. */
  maxEventAgeMs: 2 * 366 * 86_400_000,
  /** Clock skew allowed for events "from the future". */
  maxEventSkewMs: 3_600_000,
  /** Longest query range; bounds the partitions (months) a query can touch. */
  maxRangeMs: 366 * 86_400_000,
  maxFilters: 20,
  maxInValues: 100,
  maxGroupBy: 3,
  /** More rows than this is an error, never a silent truncation. */
  maxRows: 10_000,
} as const;

/** Event names (contract `EventName`). */
export const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Property names (contract `PropertyName`). The restricted alphabet is a second line of
 * defence: names are also bound as parameters, never spliced into SQL.
 */
export const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;

/** The property name that means the event's own `user_id` column in queries. */
export const USER_ID = "user_id";
