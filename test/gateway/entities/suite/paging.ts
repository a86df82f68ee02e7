// Conformance: limits, keyset pages stable under inserts and deletes, and cursors that are
// opaque and tamper-proof (forged, edited, or replayed with another query → invalid_cursor).
import { expect, it } from "vitest";
import type { EntityRecord } from "../../../../server/gateway/entities/index.js";
import { names, rejectsWith, type SuiteContext } from "./context.js";

/** Flips one character in the middle of a cursor, keeping it base64url. */
function tamper(cursor: string, at = Math.floor(cursor.length / 2)): string {
  const c = cursor[at] === "A" ? "B" : "A";
  return `${cursor.slice(0, at)}${c}${cursor.slice(at + 1)}`;
}

export function pagingTests(ctx: SuiteContext): void {
  it("pages over more than two pages, stable while others insert and delete", async () => {
    const caller = ctx.caller();
    const made: EntityRecord[] = [];
    for (let i = 0; i < 8; i++) {
      made.push(await ctx.service.create(caller, "Person", { display_name: `p${i}` }));
    }
    const query = { sort: "display_name", limit: 3 };
    const p1 = await ctx.service.list(caller, "Person", query);
    expect(names(p1.items)).toEqual(["p0", "p1", "p2"]);
    // Behind the cursor (p0a), ahead of it (p9), and a deletion on a later page (p4).
    await ctx.service.create(caller, "Person", { display_name: "p0a" });
    await ctx.service.create(caller, "Person", { display_name: "p9" });
    await ctx.service.delete(caller, "Person", made[4]?.id as string);
    const p2 = await ctx.service.list(caller, "Person", { ...query, cursor: p1.next_cursor ?? "" });
    expect(names(p2.items)).toEqual(["p3", "p5", "p6"]);
    const p3 = await ctx.service.list(caller, "Person", { ...query, cursor: p2.next_cursor ?? "" });
    expect(names(p3.items)).toEqual(["p7", "p9"]);
    expect(p3.next_cursor).toBeNull();
    // The same cursor again gives the same page: cursors are positions, not server state.
    const again = await ctx.service.list(caller, "Person", {
      ...query,
      cursor: p1.next_cursor ?? "",
    });
    expect(again).toEqual(p2);
  });

  it("pages in id order by default, 50 per page, at most 500", async () => {
    const caller = ctx.caller();
    const made = await Promise.all(
      Array.from({ length: 53 }, (_, i) => ctx.service.create(caller, "Group", { name: `g${i}` })),
    );
    const ids = made.map((g) => g.id).sort();
    const first = await ctx.service.list(caller, "Group");
    expect(first.items.map((g) => g.id)).toEqual(ids.slice(0, 50));
    const rest = await ctx.service.list(caller, "Group", { cursor: first.next_cursor ?? "" });
    expect(rest.items.map((g) => g.id)).toEqual(ids.slice(50));
    expect(rest.next_cursor).toBeNull();
    const max = await ctx.service.list(caller, "Group", { limit: 500 });
    expect(max.items).toHaveLength(53);
    for (const limit of [0, -1, 501, 2.5, Number.NaN]) {
      await rejectsWith(ctx.service.list(caller, "Group", { limit }), "validation_failed");
    }
    for (const sort of ["description", "member_ids", "-tenant_id", "name,id", "--name", "$name"]) {
      await rejectsWith(ctx.service.list(caller, "Group", { sort }), "validation_failed");
    }
  });

  it("refuses forged, edited and mismatched cursors with invalid_cursor", async () => {
    const caller = ctx.caller();
    for (let i = 0; i < 3; i++)
      await ctx.service.create(caller, "Widget", { name: `w${i}`, rank: i });
    const query = { filter: { rank: { $gte: 0 } }, sort: "name", limit: 1 };
    const page = await ctx.service.list(caller, "Widget", query);
    const cursor = page.next_cursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const payload = Buffer.from(cursor, "base64url").subarray(32);
    const forgedPayload = Buffer.from(JSON.stringify([1, "w9", "wid_01JD6QB3C4D5E6F7G8H9J0K1M2"]));
    const forgeries = [
      "x",
      "!!!!",
      `${cursor}=`,
      `${cursor}A`,
      cursor.slice(0, -1),
      tamper(cursor),
      tamper(cursor, 2),
      tamper(cursor, cursor.length - 1),
      Buffer.concat([Buffer.alloc(32), payload]).toString("base64url"),
      Buffer.concat([Buffer.from(cursor, "base64url").subarray(0, 32), forgedPayload]).toString(
        "base64url",
      ),
      Buffer.from(JSON.stringify({ value: "w0", id: "x" })).toString("base64url"),
      "A".repeat(3000),
    ];
    for (const bad of forgeries) {
      await rejectsWith(
        ctx.service.list(caller, "Widget", { ...query, cursor: bad }),
        "invalid_cursor",
      );
    }
    const mismatched = [
      { ...query, sort: "-name" },
      { ...query, sort: "rank" },
      { ...query, filter: { rank: { $gte: 1 } } },
      { ...query, filter: undefined },
    ];
    for (const other of mismatched) {
      await rejectsWith(ctx.service.list(caller, "Widget", { ...other, cursor }), "invalid_cursor");
    }
    await rejectsWith(ctx.service.list(caller, "Person", { cursor }), "invalid_cursor");
    // Another deployment's key (or a guessed one) cannot mint or read cursors.
    const foreign = ctx.serviceWith(new Uint8Array(32).fill(9));
    await rejectsWith(foreign.list(caller, "Widget", { ...query, cursor }), "invalid_cursor");
    // The page size may change between pages: it is not part of the query's identity.
    const next = await ctx.service.list(caller, "Widget", { ...query, limit: 5, cursor });
    expect(names(next.items)).toEqual(["w1", "w2"]);
  });
}
