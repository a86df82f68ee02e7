// The sidecar's main thread answers every request (ValidateToken, Authorize, Admit …) while it
// also appends audit records. On the embedded store the database works in its own process (the
// embedded PostgreSQL), so appends wait on a socket and the thread gets back to its event loop
// while they do; with the database on the calling thread (PGlite once) a burst settled without
// the loop ever running anything else. How busy the thread is meanwhile (its event-loop
// utilization, a timing figure that moves with the machine's load) is the `audit-loop` bench row,
// not a test: it flaked here at 0.936 against a 0.9 bound.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import { sealRecord } from "../../../sidecar/audit/chain.js";
import { verifyChain } from "../../../sidecar/audit/verify-chain.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { entry } from "./fixtures.js";

const APPENDS = 5_000;

describe("SqlAuditStore on the embedded database", () => {
  let sql: SqlClient;
  let store: SqlAuditStore;
  beforeAll(async () => {
    sql = await openFreshDatabase();
    store = await SqlAuditStore.open(sql);
  });
  afterAll(() => sql?.close());

  it(`returns the thread to its event loop while ${APPENDS} appends run`, async () => {
    const t = "loop";
    // Event-loop turns (check phases) counted while the appends run, and the turn each append
    // settled in: other work (a request) runs in those turns.
    let turn = 0;
    let running = true;
    const tick = () => {
      turn += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const settledIn: number[] = [];
    const results = await Promise.all(
      Array.from({ length: APPENDS }, (_, i) =>
        store
          .append(t, (head) => sealRecord(t, entry(i), head), { dedupKey: `k${i}` })
          .then((r) => {
            settledIn.push(turn);
            return r;
          }),
      ),
    );
    running = false;
    expect(results.map((r) => r.record.sequence_id)).toEqual(
      Array.from({ length: APPENDS }, (_, i) => i + 1),
    );
    // A turn ran before the first append settled, and the appends settled over several turns.
    expect(Math.min(...settledIn)).toBeGreaterThan(0);
    expect(new Set(settledIn).size).toBeGreaterThan(1);
    expect(await verifyChain(store, t)).toEqual({ valid: true, checked: APPENDS });
  });
});
