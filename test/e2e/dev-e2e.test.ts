// Issue #5 item 10, end to end over real sockets against `cpod dev` (a child process on embedded
// stores): a token from the OAuth endpoint → entities created → a filtered list → an optimistic
// concurrency conflict → a soft delete → the tenant's audit trail holds every one of those calls
// (by request id), the chain re-verifies here from the downloaded records (DESIGN.md §7), and
// `GET /v1/audit/verify` agrees.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";

interface AuditRecord {
  sequence_id: number;
  request_id: string | null;
  action: string;
  outcome: string;
  status: number;
  previous_hash: string;
  record_hash: string;
  [field: string]: unknown;
}

describe("cpod dev end to end over real sockets", () => {
  let dev: RunningDevPlatform;
  let auth: Record<string, string>;
  const requestIds: string[] = [];

  /** One call; its request id is remembered for the audit check. */
  async function call(method: string, path: string, body?: object, headers = {}) {
    const response = await fetch(`${dev.baseUrl}${path}`, {
      method,
      headers: { ...auth, ...(body ? { "content-type": "application/json" } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const id = response.headers.get("x-request-id");
    if (id && !path.startsWith("/v1/audit")) requestIds.push(id);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  }

  beforeAll(async () => {
    dev = await startDevPlatform();
    auth = await dev.bearer();
  }, 200_000);
  afterAll(async () => {
    expect(await dev?.stop()).toBe(0);
  });

  it("runs the whole flow and the audit chain proves it", async () => {
    const ada = await call("POST", "/v1/entities/people", {
      display_name: "Ada Lovelace",
      email: "ada@example.com",
    });
    expect(ada.status).toBe(201);
    const grace = await call("POST", "/v1/entities/people", {
      display_name: "Grace Hopper",
      email: "grace@example.com",
    });
    expect(grace.status).toBe(201);
    const team = await call("POST", "/v1/entities/groups", {
      name: "Analytical Engines",
      member_ids: [ada.body.id, grace.body.id],
    });
    expect(team.status).toBe(201);

    const filter = encodeURIComponent(JSON.stringify({ email: { $in: ["grace@example.com"] } }));
    const listed = await call("GET", `/v1/entities/people?filter=${filter}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([grace.body.id]);

    const item = `/v1/entities/people/${ada.body.id}`;
    const first = await call("PATCH", item, { first_name: "Ada" }, { "if-match": '"1"' });
    expect(first.status).toBe(200);
    const stale = await call("PATCH", item, { first_name: "Augusta" }, { "if-match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("precondition_failed");

    const deleted = await call("DELETE", item, undefined, { "if-match": '"2"' });
    expect(deleted.status).toBe(204);
    expect((await call("GET", item)).status).toBe(404);
    const remaining = await call("GET", "/v1/entities/people");
    expect(remaining.body.items.map((p: { id: string }) => p.id)).toEqual([grace.body.id]);

    // The audit trail: every call above, in order, each under its request id.
    let records: AuditRecord[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      records = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          "GET",
          `/v1/audit/events?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        expect(page.status).toBe(200);
        records.push(...page.body.items);
        cursor = page.body.next_cursor ?? undefined;
      } while (cursor);
      const seen = new Set(records.map((r) => r.request_id));
      if (requestIds.every((id) => seen.has(id))) break;
      await new Promise((r) => setTimeout(r, 200)); // audit is emitted after the response
    }
    const byRequest = new Map(records.map((r) => [r.request_id, r]));
    for (const id of requestIds) expect(byRequest.has(id), `audit record for ${id}`).toBe(true);
    const mine = requestIds.map((id) => byRequest.get(id) as AuditRecord);
    expect(mine.map((r) => [r.action, r.status])).toEqual([
      ["entities.create", 201],
      ["entities.create", 201],
      ["entities.create", 201],
      ["entities.list", 200],
      ["entities.update", 200],
      ["entities.update", 412],
      ["entities.delete", 204],
      ["entities.get", 404],
      ["entities.list", 200],
    ]);
    expect(mine.map((r) => r.sequence_id)).toEqual(
      [...mine.map((r) => r.sequence_id)].sort((a, b) => a - b),
    );
    // Nothing personal in the trail: the email addresses never reach the audit records.
    expect(JSON.stringify(records)).not.toContain("example.com");

    // Re-verify the chain here, exactly as DESIGN.md §7 defines it.
    records.sort((a, b) => a.sequence_id - b.sequence_id);
    let previous = "0".repeat(64);
    records.forEach((record, index) => {
      expect(record.sequence_id).toBe(index + 1);
      const { record_hash, ...content } = record;
      expect(content.previous_hash).toBe(previous);
      const hash = createHash("sha256")
        .update(canonicalize(content) ?? "")
        .digest("hex");
      expect(hash, `record ${record.sequence_id}`).toBe(record_hash);
      previous = record_hash;
    });

    const verify = await call("GET", "/v1/audit/verify");
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ valid: true, checked: expect.any(Number) });
    expect(verify.body.checked).toBeGreaterThanOrEqual(records.length);
  }, 120_000);
});
