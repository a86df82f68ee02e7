import type { Clock } from "./clock.js";
import { TimeoutError } from "./errors.js";

/**
 * The cancellation of one SDK call: the caller's `AbortSignal` and the call's `timeout`
 * merged into one signal that every step (token wait, fetch, backoff sleep) listens to. The
 * timeout covers the whole call, retries and their backoff included, so a call never outlives
 * it.
 */
export class CallScope {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer = new AbortController();
  readonly #userSignal: AbortSignal | undefined;
  readonly #clock: Clock;
  readonly #deadline: number;
  readonly #onUserAbort = () => this.#controller.abort(this.#userSignal?.reason);

  constructor(clock: Clock, timeoutMs: number, userSignal: AbortSignal | undefined) {
    this.signal = this.#controller.signal;
    this.#clock = clock;
    this.#deadline = clock.now() + timeoutMs;
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#controller.abort(userSignal.reason);
    userSignal?.addEventListener("abort", this.#onUserAbort, { once: true });
    if (Number.isFinite(timeoutMs)) {
      clock.sleep(timeoutMs, this.#timer.signal).then(
        () => this.#controller.abort(timeoutError(timeoutMs)),
        () => {},
      );
    }
  }

  /**
   * The error to throw once the scope is aborted: a `TimeoutError` for the timeout, else the
   * caller's own abort reason (an `AbortError` DOMException unless they passed another).
   */
  abortError(): unknown {
    return this.signal.reason;
  }

  /** Milliseconds left of the call's timeout (Infinity without one). */
  remaining(): number {
    return this.#deadline - this.#clock.now();
  }

  /** Stops the timeout (the response is in the caller's hands now) but keeps the caller's signal. */
  stopTimer(): void {
    this.#timer.abort();
  }

  /** Releases the listeners; call when the call has settled. */
  dispose(): void {
    this.#timer.abort();
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }
}

function timeoutError(timeoutMs: number): TimeoutError {
  return new TimeoutError({
    status: 0,
    code: "timeout",
    title: "Request timed out",
    detail: `no answer within the call's timeout of ${timeoutMs} ms (retries included)`,
  });
}
