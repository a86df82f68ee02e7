// The sidecar's main thread answers every request (ValidateToken, Authorize, Admit …) while it
// also appends audit records. On the embedded store the database works in its own process (the
// embedded PostgreSQL): a burst of 5,000 appends costs this thread the sealing (JCS + SHA-256)
// of each record, so it must sit idle a good part of the time while the database writes. With
// the database on the calling thread it never did (PGlite there: utilization 1.00, measured).
// The delay bound is a guard against a batch turning into one long stall; it is loose because on
// a loaded 2-core machine a young-generation GC alone took 33 ms and starvation stretched a
// run's worst delay to 168 ms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlAuditStore } from "../../../sidecar/audit/adapters/sql-audit-store.js";
import { sealRecord } from "../../../sidecar/audit/chain.js";
import { verifyChain } from "../../../sidecar/audit/verify-chain.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { watchLoop } from "../../lib/sql/loop-delay.js";
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

  it(`keeps the calling thread responsive while ${APPENDS} appends run`, async () => {
    const t = "loop";
    const run = await watchLoop(() =>
      Promise.all(
        Array.from({ length: APPENDS }, (_, i) =>
          store.append(t, (head) => sealRecord(t, entry(i), head), { dedupKey: `k${i}` }),
        ),
      ),
    );
    expect(run.result.map((r) => r.record.sequence_id)).toEqual(
      Array.from({ length: APPENDS }, (_, i) => i + 1),
    );
    expect(run.utilization).toBeLessThan(0.9);
    expect(run.maxDelayMs).toBeLessThan(250);
    expect(await verifyChain(store, t)).toEqual({ valid: true, checked: APPENDS });
  });
});
