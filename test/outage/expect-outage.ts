// What every outage test asserts: a store that is down answers 503 `unavailable` as a Problem
// with the request id and `Retry-After`, fast; and the route works again once it is back.
import { performance } from "node:perf_hooks";
import { expect } from "vitest";

/** The answer shape both `inject` (statusCode) and `fetch` (status) results reduce to. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** A light-my-request response as an Answer. */
export const injected = (res: {
  statusCode: number;
  headers: Answer["headers"];
  body: string;
}): Answer => ({ status: res.statusCode, headers: res.headers, body: res.body });

/**
 * A correctness bound, not a benchmark: "decided within about a second" with room for two
 * shared, busy cores. The old code took 5 s (Mongo) or never answered (a paused server).
 */
export const OUTAGE_BOUND_MS = 3_000;

/**
 * Sends one request against a stopped (or paused) store and checks the answer: 503, Problem
 * `unavailable` with a request id, a whole-seconds `Retry-After`, within OUTAGE_BOUND_MS.
 * Returns the milliseconds it took (the tests print them).
 */
export async function expectUnavailable(send: () => Promise<Answer>, label: string) {
  const started = performance.now();
  const res = await send();
  const ms = Math.round(performance.now() - started);
  expect(res.status, `${label}: ${res.body}`).toBe(503);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  expect(String(res.headers["retry-after"])).toMatch(/^[1-9]\d*$/);
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ status: 503, code: "unavailable" });
  expect(body.request_id).toEqual(expect.any(String));
  expect(body.request_id.length).toBeGreaterThan(0);
  expect(ms, `${label}: time to 503`).toBeLessThan(OUTAGE_BOUND_MS);
  console.info(`[outage] ${label}: 503 in ${ms} ms`);
  return ms;
}

/** Retries `send` until it answers `status` (the store came back and the driver reconnected). */
export async function expectRecovers(send: () => Promise<Answer>, status: number, ms = 20_000) {
  const until = Date.now() + ms;
  let last: Answer | undefined;
  while (Date.now() < until) {
    last = await send();
    if (last.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(last?.status, `did not recover: ${last?.body}`).toBe(status);
  return last as Answer;
}
