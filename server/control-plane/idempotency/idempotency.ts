import { createHash } from "node:crypto";
import { canonicalJson } from "../../../lib/canonical-json.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { ControlPlaneStore, IdempotentResponse } from "../store/control-plane-store.js";

/** How long a key's answer is replayed (the contract's `IdempotencyKey`: 24 hours). */
export const REPLAY_MS = 24 * 60 * 60 * 1000;

/** What `run` needs to know about the request. */
export interface IdempotentRequest {
  /** The operation and resource, e.g. `rotateAppSecret:app_01…`: a key is scoped to it. */
  scope: string;
  /** The `Idempotency-Key` header; absent runs the work once, unrecorded. */
  key: string | undefined;
  /** Everything that makes two requests "the same" (body, path parameters). */
  request: unknown;
}

/** What the work returns: its result, and the answer to record for replays. */
export interface Outcome<R> {
  result: R;
  record: { status: number; body: unknown };
}

class Raced extends Error {}

/**
 * The stored fingerprint of a request: SHA-256 of its canonical JSON, so equal bodies hash
 * equally whatever their key order. An absent request hashes as `null`, as it always has.
 */
function fingerprint(request: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(request ?? null))
    .digest("hex");
}

/**
 * `Idempotency-Key` handling for admin POSTs: the work and the record of its answer commit in one
 * transaction, so a retry within 24 hours replays the first answer instead of doing the work
 * twice — also when the twin runs concurrently (the loser's transaction rolls back and it
 * replays). The same key with a different request is 409 `idempotency_conflict`.
 *
 * @example
 *   return idempotency.run({ scope: "createTenant", key, request: body }, work, replay);
 */
export class Idempotency {
  constructor(
    private readonly store: ControlPlaneStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run<R>(
    req: IdempotentRequest,
    work: (tx: ControlPlaneStore) => Promise<Outcome<R>>,
    replay: (recorded: IdempotentResponse) => R,
  ): Promise<R> {
    if (req.key === undefined) return (await this.store.transaction(work)).result;
    const { scope, key } = req;
    const hash = fingerprint(req.request);
    const earlier = await this.#recorded(scope, key, hash);
    if (earlier) return replay(earlier);
    try {
      return await this.store.transaction(async (tx) => {
        const outcome = await work(tx);
        const at = this.now();
        const fresh = await tx.idempotency.put(scope, key, {
          requestHash: hash,
          ...outcome.record,
          createdAt: at,
        });
        if (!fresh) throw new Raced();
        return outcome.result;
      });
    } catch (error) {
      const twin = error instanceof Raced ? await this.#recorded(scope, key, hash) : undefined;
      if (twin) return replay(twin);
      throw error;
    }
  }

  /** Removes answers older than the replay window (housekeeping). */
  purge(): Promise<number> {
    return this.store.idempotency.purge(new Date(this.now().getTime() - REPLAY_MS));
  }

  async #recorded(scope: string, key: string, hash: string) {
    const since = new Date(this.now().getTime() - REPLAY_MS);
    const recorded = await this.store.idempotency.get(scope, key, since);
    if (recorded && recorded.requestHash !== hash) {
      throw new ApiError(
        "idempotency_conflict",
        "This Idempotency-Key was used with a different request.",
      );
    }
    return recorded;
  }
}
