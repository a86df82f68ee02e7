// Which driver errors are store outages (table-driven, no network), how the one mapping turns
// them into 503 `unavailable` with Retry-After, and guardStore at an adapter boundary — with
// ClickHouse as its unit-level case (its server suite does not run on this machine).
import { MaxRetriesPerRequestError } from "ioredis/built/errors/index.js";
import { MongoNetworkError, MongoServerError } from "mongodb";
import { describe, expect, it } from "vitest";
import {
  clickhouseOutage,
  mongoOutage,
  pgOutage,
  redisOutage,
  s3Outage,
} from "../../lib/driver-outages.js";
import { guardStore, StoreUnavailableError } from "../../lib/store-unavailable.js";
import {
  ClickHouseAnalyticsStore,
  type ClickHouseLike,
} from "../../server/gateway/analytics/adapters/clickhouse-analytics-store.js";
import { ApiError } from "../../server/shared/errors/api-error.js";
import { problemBody } from "../../server/shared/http/problems.js";

const coded = (message: string, code: string | number) =>
  Object.assign(new Error(message), { code });
const named = (name: string, message = name) => Object.assign(new Error(message), { name });
const refused = coded("connect ECONNREFUSED 127.0.0.1:6379", "ECONNREFUSED");

const CASES: {
  driver: string;
  test: (e: unknown) => boolean;
  outage: unknown[];
  not: unknown[];
}[] = [
  {
    driver: "ioredis",
    test: redisOutage,
    outage: [
      refused,
      new MaxRetriesPerRequestError(0),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error("Connection is closed."),
      new Error("Command timed out"),
      named("ReplyError", "LOADING Redis is loading the dataset in memory"),
      new AggregateError([refused], "connect failed"),
    ],
    not: [named("ReplyError", "WRONGTYPE Operation against a key"), new TypeError("bad"), "text"],
  },
  {
    driver: "mongodb",
    test: mongoOutage,
    outage: [
      named("MongoServerSelectionError", "Server selection timed out after 1000 ms"),
      new MongoNetworkError("connection 3 to 127.0.0.1:27017 closed"),
      named("MongoPoolClearedError"),
      new MongoServerError({ message: "shutting down", code: 91 }),
      new Error("wrapped", { cause: named("MongoNetworkTimeoutError") }),
    ],
    not: [new MongoServerError({ message: "E11000 duplicate key", code: 11000 }), new Error("x")],
  },
  {
    driver: "minio / S3",
    test: s3Outage,
    outage: [
      refused,
      coded("read ECONNRESET", "ECONNRESET"),
      coded("S3 request got no answer in 3000 ms", "ETIMEDOUT"),
      new Error("socket hang up"),
      coded("Please reduce your request rate.", "SlowDown"),
      new Error("Request failed after 1 retries: Error: Retryable HTTP status: 503"),
    ],
    not: [coded("Not found", "NoSuchKey"), coded("denied", "AccessDenied"), new Error("x")],
  },
  {
    driver: "pg",
    test: pgOutage,
    outage: [
      refused,
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
      coded("terminating connection due to administrator command", "57P01"),
      coded("the database system is starting up", "57P03"),
      coded("connection failure", "08006"),
    ],
    not: [coded("duplicate key", "23505"), coded("syntax error", "42601"), new Error("x")],
  },
  {
    driver: "@clickhouse/client",
    test: clickhouseOutage,
    outage: [refused, new Error("Timeout error."), coded("socket hang up", "ECONNRESET")],
    not: [coded("Syntax error", "62"), new Error("x")],
  },
];

describe.each(CASES)("outage classification — $driver", ({ test, outage, not }) => {
  it.each(outage.map((e) => [String(e), e]))("outage: %s", (_, error) => {
    expect(test(error)).toBe(true);
  });
  it.each(not.map((e) => [String(e), e]))("not an outage: %s", (_, error) => {
    expect(test(error)).toBe(false);
  });
});

describe("StoreUnavailableError → 503 unavailable (ApiError.from, the one mapping)", () => {
  it("answers 503 with Retry-After in whole seconds, our own sentence, and keeps the cause", () => {
    const cause = new StoreUnavailableError("kv", { cause: refused, retryAfterSeconds: 2 });
    const error = ApiError.from(cause);
    expect(error.status).toBe(503);
    expect(error.code).toBe("unavailable");
    expect(error.headers).toEqual({ "retry-after": "2" });
    expect(error.cause).toBe(cause);
    const body = problemBody(error, "req-1");
    expect(body).toMatchObject({ status: 503, code: "unavailable", request_id: "req-1" });
    expect(String(body.detail)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it("defaults Retry-After to 1 s and rejects a bad hint at construction", () => {
    expect(ApiError.from(new StoreUnavailableError("files")).headers["retry-after"]).toBe("1");
    expect(() => new StoreUnavailableError("files", { retryAfterSeconds: -1 })).toThrow(TypeError);
  });

  it("leaves other failures as 500 internal", () => {
    expect(ApiError.from(new Error("boom")).status).toBe(500);
  });
});

/** A ClickHouse client whose every call fails with `error`. */
function failingClickHouse(error: unknown): ClickHouseLike {
  const fail = () => Promise.reject(error);
  return { command: fail, insert: fail, query: fail, close: async () => {} };
}

describe("guardStore at an adapter boundary (ClickHouse analytics store)", () => {
  it("turns a refused connection into StoreUnavailableError naming the store", async () => {
    const store = guardStore(
      "analytics",
      clickhouseOutage,
      new ClickHouseAnalyticsStore(failingClickHouse(refused)),
    );
    const failure = await store.migrate().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(failure).toMatchObject({ store: "analytics", cause: refused });
  });

  it("passes other errors through unchanged, and private fields keep working", async () => {
    const syntax = coded("Syntax error", "62");
    const store = guardStore(
      "analytics",
      clickhouseOutage,
      new ClickHouseAnalyticsStore(failingClickHouse(syntax)),
    );
    await expect(store.migrate()).rejects.toBe(syntax);
    // insert([]) returns before touching the client: the wrapped method ran on the real object.
    await expect(store.insert([])).resolves.toBeUndefined();
  });
});
