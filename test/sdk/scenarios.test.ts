import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ERROR_CLASSES } from "../../sdk/src/error-mapping.js";
import * as sdk from "../../sdk/src/index.js";
import { CpodClient, CpodError, isCpodError } from "../../sdk/src/index.js";
import { BASE, FakeClock, fakeFetch, isToken, json, type Seen } from "./fakes.js";
import {
  classesCovered,
  classOfCode,
  errorsFile,
  isNetworkError,
  type Outcome,
  paginationFile,
  type RetryMethod,
  retryFile,
  type ScriptedResponse,
  type Step,
  sweepExpectation,
  tokensFile,
} from "./scenario-data.js";

// The shared SDK scenarios (sdk/scenarios, see its README) run against the real CpodClient
// over a scripted fetch; the Python and Go SDKs run the same files. Calls get no timeout
// (Infinity), so the only sleeps the fake clock records are the SDK's backoffs.

/** Every error class @cpod/sdk exports, by name (the scenarios' names are the TS ones). */
const EXPORTED_CLASSES = new Map(
  Object.entries(sdk).filter(
    ([, value]) =>
      typeof value === "function" && (value === CpodError || value.prototype instanceof CpodError),
  ) as [string, typeof CpodError][],
);

function className(error: CpodError): string {
  for (const [name, Class] of EXPORTED_CLASSES) {
    if (Object.getPrototypeOf(error) === Class.prototype) return name;
  }
  throw new Error(`${error.name} is not an exported class`);
}

function toResponse(r: ScriptedResponse): Response {
  const body = r.body !== undefined ? JSON.stringify(r.body) : (r.body_text ?? null);
  return new Response(body, { status: r.status, headers: r.headers ?? {} });
}

/** A fetch answering the operation's requests from `script` in order (the last repeats). */
function scripted(script: Step[], tokenAnswer: () => Response) {
  let next = 0;
  return fakeFetch((r) => {
    if (isToken(r)) return tokenAnswer();
    const step = script[Math.min(next++, script.length - 1)];
    if (step === undefined) throw new Error("empty script");
    if (isNetworkError(step)) throw new TypeError("fetch failed");
    return toResponse(step);
  });
}

async function outcomeOf(call: Promise<unknown>): Promise<Outcome & { error?: CpodError }> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    if (!isCpodError(error)) throw error;
    return { class: className(error), code: error.code, status: error.status, error };
  }
}

const strip = ({ error: _error, ...outcome }: Outcome & { error?: CpodError }) => outcome;

/** One GET through a fixed-token client (a 401 is not refreshed) allowed one retry. */
async function getOnce(response: ScriptedResponse) {
  const clock = new FakeClock();
  const server = scripted([response], () => json(500, {}));
  const client = CpodClient.fromToken("tok-fixed", {
    baseUrl: BASE,
    fetch: server.fetch,
    clock,
    maxRetries: 1,
    timeout: Number.POSITIVE_INFINITY,
  });
  const outcome = await outcomeOf(clock.run(client.kv.get("k")));
  return { outcome, attempts: server.seen.length };
}

describe("scenarios: errors", () => {
  it.each(errorsFile.scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    const { outcome, attempts } = await getOnce(s.response);
    expect(strip(outcome)).toEqual({
      class: s.expect.class,
      code: s.expect.code,
      status: s.expect.status,
    });
    expect(attempts).toBe(s.expect.retryable ? 2 : 1);
    const error = outcome.error as CpodError & { retryAfter?: number };
    if (s.expect.request_id !== undefined) expect(error.requestId).toBe(s.expect.request_id);
    if (s.expect.detail !== undefined) expect(error.detail).toBe(s.expect.detail);
    if (s.expect.message !== undefined) expect(error.message).toBe(s.expect.message);
    if (s.expect.retry_after_seconds !== undefined) {
      expect(error.retryAfter).toBe(s.expect.retry_after_seconds);
    }
  });

  it("status sweep: every 4xx/5xx with an empty body gets the fallback code, class and retry decision", async () => {
    const classes = classOfCode();
    const { from, to } = errorsFile.status_sweep;
    const wrong: string[] = [];
    for (let status = from; status <= to; status++) {
      const want = sweepExpectation(status);
      const wantClass = status === 401 ? "AuthenticationError" : classes.get(want.code);
      const { outcome, attempts } = await getOnce({ status });
      const got = strip(outcome);
      const ok =
        "class" in got &&
        got.class === wantClass &&
        got.code === want.code &&
        attempts === (want.retryable ? 2 : 1);
      if (!ok) wrong.push(`${status}: got ${JSON.stringify(got)} after ${attempts} attempt(s)`);
    }
    expect(wrong).toEqual([]);
  });

  it("coverage: the SDK's code table is exactly the codes the error scenarios cover", () => {
    const covered = new Set(errorsFile.scenarios.map((s) => s.expect.code));
    expect([...covered].sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
  });

  it("coverage: the SDK's exported error classes are exactly the classes the scenarios name", () => {
    expect([...EXPORTED_CLASSES.keys()].sort()).toEqual([...classesCovered()].sort());
  });
});

/** The call each method stands for in retry scenarios. */
const OPERATIONS: Record<RetryMethod, (c: CpodClient) => Promise<unknown>> = {
  GET: (c: CpodClient) => c.kv.get("k"),
  PUT: (c: CpodClient) => c.kv.set("k", 1),
  DELETE: (c: CpodClient) => c.kv.delete("k"),
  POST: (c: CpodClient) => c.kv.incr("k", 1),
};

let issued = 0;
/** The token endpoint: `failures` answer the first requests, then tok-<request number>. */
const tokenAnswer =
  (expiresIn: number | null, failures: Step[] = []) =>
  () => {
    issued += 1;
    const failure = failures[issued - 1];
    if (failure && isNetworkError(failure)) throw new TypeError("fetch failed");
    if (failure) return toResponse(failure);
    const body = { access_token: `tok-${issued}`, token_type: "Bearer", scope: "kv.read" };
    return json(200, expiresIn === null ? body : { ...body, expires_in: expiresIn });
  };

function appClient(fetch: typeof globalThis.fetch, clock: FakeClock, maxRetries?: number) {
  return new CpodClient({
    baseUrl: BASE,
    clientId: "app_1",
    clientSecret: "cs_1",
    fetch,
    clock,
    timeout: Number.POSITIVE_INFINITY,
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
}

describe("scenarios: retry", () => {
  // Away from UTC, so a Retry-After date read in local time (instead of GMT) shows.
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "America/New_York";
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(retryFile.scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    // The SDK's jitter source is Math.random; the scenario fixes what it returns.
    vi.spyOn(Math, "random").mockReturnValue(s.random);
    issued = 0;
    const clock = new FakeClock(Date.parse(retryFile.clock_start));
    const server = scripted(s.responses, tokenAnswer(3600));
    const client = appClient(server.fetch, clock, s.max_retries);
    const outcome = await outcomeOf(clock.run(OPERATIONS[s.method](client)));
    const ops = server.seen.filter((r) => !isToken(r));
    expect(strip(outcome)).toEqual(s.expect.outcome);
    expect(ops.map((r) => r.method)).toEqual(Array(s.expect.attempts).fill(s.method));
    expect(clock.sleeps).toEqual(s.expect.waits_ms);
    const keys = ops.map((r) => r.headers.get("idempotency-key"));
    if (s.expect.idempotency_key === "absent") expect(keys.every((k) => k === null)).toBe(true);
    else expect(new Set(keys).size === 1 && keys[0]).toBeTruthy();
  });
});

describe("scenarios: tokens", () => {
  it.each(tokensFile.scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    issued = 0;
    const clock = new FakeClock();
    let script: ScriptedResponse[] = [];
    let served = 0;
    const entry = { status: 200, body: { key: "k", value: 1, version: 1, expires_at: null } };
    const answerToken = tokenAnswer(s.expires_in, s.token_responses);
    const server = fakeFetch((r: Seen) =>
      isToken(r) ? answerToken() : toResponse(script[served++] ?? entry),
    );
    const client = appClient(server.fetch, clock);
    for (const step of s.steps) {
      await clock.advance(step.advance_seconds * 1000);
      script = step.responses ?? [];
      served = 0;
      const before = server.seen.filter((r) => !isToken(r)).length;
      const calls = Array.from({ length: step.calls }, () => outcomeOf(client.kv.get("k")));
      const outcomes = await clock.run(Promise.all(calls));
      expect(outcomes.map(strip)).toEqual(Array(step.calls).fill(step.expect.outcome));
      expect(issued).toBe(step.expect.token_requests);
      const bearers = server.seen
        .filter((r) => !isToken(r))
        .slice(before)
        .map((r) => r.headers.get("authorization")?.replace(/^Bearer /, ""));
      expect(bearers).toEqual(step.expect.bearers);
    }
  });
});

describe("scenarios: pagination", () => {
  it.each(paginationFile.scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    const clock = new FakeClock();
    let n = 0;
    const server = fakeFetch((r: Seen) => {
      if (isToken(r)) return tokenAnswer(3600)();
      const page = s.pages[n++];
      if (page === undefined) throw new Error("requested a page past the script");
      if ("error" in page) return toResponse(page.error);
      const items = page.items.map((key) => ({ key, version: 1, expires_at: null }));
      return json(200, { items, next_cursor: page.next_cursor });
    });
    const client = appClient(server.fetch, clock);
    const keys: string[] = [];
    const walk = async () => {
      for await (const item of client.kv.list()) {
        keys.push(item.key);
        if (keys.length === s.take) break;
      }
    };
    const outcome = await outcomeOf(clock.run(walk()));
    expect(strip(outcome)).toEqual(s.expect.outcome);
    expect(keys).toEqual(s.expect.keys);
    const cursors = server.seen
      .filter((r) => !isToken(r))
      .map((r) => r.url.searchParams.get("cursor"));
    expect(cursors).toEqual(s.expect.cursors);
  });
});
