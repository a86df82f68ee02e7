import type { AccessTokenRef, ControlPlaneStore } from "../store/control-plane-store.js";
import { revokeMessage } from "./outbox-messages.js";

/**
 * Revokes access tokens inside the caller's transaction: each `jti` is recorded (introspection
 * answers `active: false` at once) and queued for the sidecar's deny-list, which is what the
 * gateway checks. Returns the ids of the queued messages, so a caller can wait for delivery.
 *
 * @example
 *   const ids = await denyAccessTokens(tx, [{ jti, tenantId, exp }], now);
 */
export async function denyAccessTokens(
  tx: ControlPlaneStore,
  refs: readonly AccessTokenRef[],
  at: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    if (ref.exp <= at) continue;
    await tx.revocations.add(ref);
    const message = revokeMessage(ref, at);
    await tx.outbox.add(message);
    ids.push(message.id);
  }
  return ids;
}
