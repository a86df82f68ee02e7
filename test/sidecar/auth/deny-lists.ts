import { MemoryDenyListStore } from "../../../sidecar/auth/adapters/memory-deny-list-store.js";
import { DenyListReplica } from "../../../sidecar/auth/deny-list-replica.js";

/**
 * A deny-list for validator tests: a replica over an in-process store that answers without ever
 * having synced (fail mode `open`, never stale), so a frozen or jumping test clock cannot make it
 * refuse. The replica's own rules are tested in deny-list-replica.test.ts.
 */
export function testDenyList(now: () => number): DenyListReplica {
  return new DenyListReplica({
    store: new MemoryDenyListStore(),
    failMode: "open",
    staleAfterMs: Number.POSITIVE_INFINITY,
    now,
  });
}
