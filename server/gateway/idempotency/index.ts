// Idempotency keys for POSTs that declare `Idempotency-Key`: the port, the fastify plugin, and
// (in ./adapters/, imported only by composition roots) the Redis and in-process stores.
export { IDEMPOTENCY_TTL_MS, idempotency, idempotencyKey } from "./idempotency-hook.js";
export type { Claim, IdempotencyStore, StoredResponse } from "./idempotency-store.js";
