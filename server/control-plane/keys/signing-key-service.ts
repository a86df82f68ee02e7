import type { AdminRequest } from "../admin-request.js";
import { auditMessage, PLATFORM_CHAIN } from "../audit/outbox-messages.js";
import type { Idempotency } from "../idempotency/idempotency.js";
import type { KeyRing } from "./key-ring.js";

/** The contract's `KeyRotation` body. */
export interface KeyRotationBody {
  kid: string;
  alg: "RS256";
  created_at: string;
  activated_at: string;
  /** `null` only in a replay of a rotation recorded before next keys existed (it had none). */
  next_kid: string | null;
  previous_kid: string | null;
  previous_key_retires_at: string | null;
}

/** A rotation answer as recorded before migration 3 (no next key, activation = creation). */
type RecordedRotation = Omit<KeyRotationBody, "activated_at" | "next_kid"> &
  Partial<Pick<KeyRotationBody, "activated_at" | "next_kid">>;

/**
 * A recorded answer for an `Idempotency-Key` replay. One recorded before next keys existed lacks
 * `activated_at` and `next_kid`: its key was activated when it was made and no next key was
 * published, so those are backfilled as what happened then (`created_at`, `null`) — not read
 * from today's key table, where that rotation's successor may be long purged.
 */
export function replayedRotation(recorded: { body: unknown }): KeyRotationBody {
  const body = recorded.body as RecordedRotation;
  return {
    ...body,
    activated_at: body.activated_at ?? body.created_at,
    next_kid: body.next_kid ?? null,
  };
}

/**
 * `POST /v1/keys/rotate`: the next key (published since the previous rotation) signs from now on,
 * a new next key is published, the previous one stays published until its last token expired. Audited into the platform chain (keys belong to no tenant); an
 * `Idempotency-Key` retry replays the first rotation instead of rotating twice.
 *
 * @example
 *   const body = await signingKeys.rotate({ requestId });
 */
export class SigningKeyService {
  constructor(private readonly deps: { keys: KeyRing; idempotency: Idempotency }) {}

  async rotate(req: AdminRequest): Promise<KeyRotationBody> {
    const fresh = await this.deps.keys.prepare();
    const body = await this.deps.idempotency.run(
      { scope: "rotateSigningKey", key: req.idempotencyKey, request: {} },
      async (tx) => {
        const r = await this.deps.keys.install(tx, fresh);
        const result: KeyRotationBody = {
          kid: r.kid,
          alg: "RS256",
          created_at: r.createdAt.toISOString(),
          activated_at: r.activatedAt.toISOString(),
          next_kid: r.nextKid,
          previous_kid: r.previousKid,
          previous_key_retires_at: r.previousRetiresAt?.toISOString() ?? null,
        };
        await tx.outbox.add(
          auditMessage({
            tenantId: PLATFORM_CHAIN,
            action: "keys.rotate",
            resource: { type: "signing_key", id: r.kid },
            status: 200,
            requestId: req.requestId,
            metadata: { previous_kid: r.previousKid, next_kid: r.nextKid },
            at: r.activatedAt,
          }),
        );
        return { result, record: { status: 200, body: result } };
      },
      replayedRotation,
    );
    await this.deps.keys.reload();
    return body;
  }
}
