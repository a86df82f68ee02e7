import type { Clock } from "../../sdk/src/index.js";

interface Timer {
  at: number;
  ms: number;
  resolve: () => void;
}

/** Lets real pending I/O (Response bodies, stream pumps) make progress between fake ticks. */
export const flush = async (turns = 3) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * A clock that never moves by itself. `run(promise)` plays the timeline: whenever nothing else
 * can happen it jumps to the earliest pending sleep, like a discrete-event simulation, so
 * backoff and timeouts are tested in microseconds of real time.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  /** Every sleep requested, in order, in ms (backoffs and call timeouts). */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2025, 3, 15, 9, 30)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = { at: this.#now + ms, ms, resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Pending sleeps' durations (ms), e.g. to see a backoff in progress. */
  pending(): number[] {
    return this.#timers.map((t) => t.ms);
  }

  /** Moves time forward, firing every sleep that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flush();
      const next = this.#earliest();
      if (!next || next.at > target) break;
      this.#fire(next);
    }
    this.#now = target;
    await flush();
  }

  /** Settles `promise`, jumping over sleeps whenever nothing else is pending. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    // Real I/O (a body read, a stream) may take more than one flush on a busy machine: only a
    // promise that stays pending for many turns with no timer to fire is really stuck.
    let idleTurns = 0;
    for (;;) {
      await flush();
      if (settled) return promise;
      const next = this.#earliest();
      if (next) {
        idleTurns = 0;
        this.#fire(next);
      } else if (++idleTurns > 500) {
        throw new Error("FakeClock.run: the promise waits on nothing the clock controls");
      }
    }
  }

  #earliest(): Timer | undefined {
    return [...this.#timers].sort((a, b) => a.at - b.at)[0];
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
  }
}

/** One request as the fake server saw it. */
export interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
}

type Handler = (request: Seen) => Response | Promise<Response>;

/** A `fetch` served by `handler`, recording every request (bodies read as text). */
export function fakeFetch(handler: Handler) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const body = init.body ? await new Response(init.body).text() : "";
    const request: Seen = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init.headers),
      body,
      signal: init.signal ?? undefined,
    };
    seen.push(request);
    init.signal?.throwIfAborted();
    return handler(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const problem = (
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  new Response(
    JSON.stringify({
      type: `https://cpod.dev/problems/${code}`,
      title: code,
      status,
      code,
      request_id: "req_1",
      ...extra,
    }),
    {
      status,
      headers: { "content-type": "application/problem+json", ...headers },
    },
  );

/** A token endpoint answer; tokens are numbered so tests can tell them apart. */
export function tokenServer(expiresIn = 3600) {
  let issued = 0;
  return {
    get issued() {
      return issued;
    },
    answer: () => {
      issued += 1;
      return json(200, {
        access_token: `tok-${issued}`,
        token_type: "Bearer",
        expires_in: expiresIn,
        scope: "kv.read",
      });
    },
  };
}

/** A server that never answers: the request settles only when its signal aborts. */
export const hang = (r: Seen) =>
  new Promise<Response>((_resolve, reject) => {
    r.signal?.addEventListener("abort", () => reject(r.signal?.reason), { once: true });
  });

export const isToken = (r: Seen) => r.url.pathname === "/v1/oauth/token";
export const BASE = "http://cpod.test";
