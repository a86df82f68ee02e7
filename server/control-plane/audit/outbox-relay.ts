import { ROOT_CONTEXT, SpanKind, type Tracer } from "@opentelemetry/api";
import { ulid } from "ulid";
import { inSpan } from "../../../lib/tracing/run-span.js";
import { untraced } from "../../../lib/tracing/untraced.js";
import type { SidecarClient } from "../sidecar/sidecar-client.js";
import type { ControlPlaneStore } from "../store/control-plane-store.js";

/** Options for {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  store: ControlPlaneStore;
  /** Unset: messages stay queued (durably) until a sidecar is configured. */
  sidecar: SidecarClient | undefined;
  /** How often to retry while messages wait; default 2 s. */
  intervalMs?: number;
  batch?: number;
  log?: (message: string, error?: unknown) => void;
  now?: () => Date;
  /** Tracing on: a drain that delivers is one `outbox drain` trace of its own; idle ones none. */
  tracer?: Tracer | undefined;
}

const LEASE = "outbox-relay";
const LEASE_MS = 30_000;

/**
 * Delivers the outbox to the sidecar in the order messages were queued: audit records to
 * AuditService.Emit (with the message id as `dedup_key`, so a redelivery after a crash never
 * appends twice) and revocations to AuthService.RevokeToken. A failed delivery stops the batch
 * and is retried on the next tick, so nothing is lost or reordered while the sidecar is down.
 * One instance drains at a time (a lease row), and no transaction stays open during a call.
 *
 * @example
 *   const relay = new OutboxRelay({ store, sidecar });
 *   relay.start();
 */
export class OutboxRelay {
  readonly #holder = ulid();
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #lastError: string | undefined;

  constructor(private readonly opts: OutboxRelayOptions) {}

  /** Drains now and then every `intervalMs` until `stop()`. */
  start(): void {
    this.#timer ??= setInterval(() => void this.drain(), this.opts.intervalMs ?? 2_000);
    this.#timer.unref();
    void this.drain();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Runs one drain (joining one in progress, then running again so new messages are seen). */
  drain(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    // Detached from whatever request triggered it, and untraced while it only polls.
    this.#draining = untraced(() => this.#drainLoop()).finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  /** Drains, then reports whether every message in `ids` has been delivered. */
  async delivered(ids: readonly string[]): Promise<boolean> {
    await this.drain();
    await this.drain(); // a drain already running when ours was queued may have missed them
    for (const id of ids) if (await this.opts.store.outbox.has(id)) return false;
    return true;
  }

  /**
   * {@link delivered}, but gives up after `ms` (false), so a request waiting for the sidecar's
   * deny-list never hangs on a sidecar that is down; the messages stay queued either way.
   */
  deliveredWithin(ids: readonly string[], ms: number): Promise<boolean> {
    if (ids.length === 0) return Promise.resolve(true);
    const late = new Promise<false>((resolve) => setTimeout(resolve, ms, false).unref());
    return Promise.race([this.delivered(ids), late]);
  }

  async #drainLoop(): Promise<void> {
    do {
      this.#again = false;
      await this.#drainOnce().catch((error: unknown) => this.#report("outbox drain failed", error));
    } while (this.#again);
  }

  async #drainOnce(): Promise<void> {
    const { store, sidecar } = this.opts;
    if (!sidecar || (await store.outbox.peek(1)).length === 0) return; // idle: read only
    const { tracer } = this.opts;
    if (!tracer) return this.#deliverAll();
    const options = { kind: SpanKind.INTERNAL };
    return inSpan(tracer, "outbox drain", options, () => this.#deliverAll(), ROOT_CONTEXT);
  }

  async #deliverAll(): Promise<void> {
    const { store, sidecar } = this.opts;
    if (!sidecar) return;
    const now = (this.opts.now ?? (() => new Date()))();
    if (!(await store.outbox.lease(LEASE, this.#holder, LEASE_MS, now))) return;
    for (;;) {
      const batch = await store.outbox.peek(this.opts.batch ?? 50);
      if (batch.length === 0) return;
      for (const message of batch) {
        try {
          await sidecar.deliver(message);
        } catch (error) {
          await store.outbox.recordFailure(message.id, (error as Error).message ?? String(error));
          this.#report(`sidecar delivery failed (${message.kind}); will retry`, error);
          return;
        }
        await store.outbox.remove(message.id);
      }
      this.#lastError = undefined;
    }
  }

  /** Logs a failure once per distinct message, not once per retry tick. */
  #report(message: string, error: unknown): void {
    const text = `${message}: ${(error as Error)?.message ?? String(error)}`;
    if (text === this.#lastError) return;
    this.#lastError = text;
    this.opts.log?.(message, error);
  }
}
