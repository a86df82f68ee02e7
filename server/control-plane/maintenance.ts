import type { Idempotency } from "./idempotency/idempotency.js";
import type { KeyRing } from "./keys/key-ring.js";
import type { ControlPlaneStore } from "./store/control-plane-store.js";

/**
 * Housekeeping on a timer: drops what can no longer matter — revoked jtis and refresh tokens
 * past their expiry, idempotency answers past the replay window, keys retired over a day ago —
 * so the tables stay proportional to live state. Safe on every instance at once.
 *
 * @example
 *   const stop = startMaintenance({ store, keys, idempotency, log });
 */
export function startMaintenance(deps: {
  store: ControlPlaneStore;
  keys: KeyRing;
  idempotency: Idempotency;
  log: (message: string, error?: unknown) => void;
  intervalMs?: number;
}): () => void {
  const run = async () => {
    const now = new Date();
    await deps.store.revocations.purge(now);
    await deps.store.refreshTokens.purge(now);
    await deps.idempotency.purge();
    await deps.keys.purge();
  };
  const timer = setInterval(
    () => void run().catch((error) => deps.log("maintenance failed", error)),
    deps.intervalMs ?? 10 * 60_000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
