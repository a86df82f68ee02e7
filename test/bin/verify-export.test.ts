// The offline audit-export checker on its own (no network, no platform): the worked example of
// docs/audit-export.md hashes as the page says, and small hand-built files break where expected.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  canonicalLine,
  GENESIS_HASH,
  recordHash,
  verifyExport,
} from "../../bin/admin/audit/verify-export.js";

const DOC = readFileSync(new URL("../../docs/audit-export.md", import.meta.url), "utf8");
const HEADER = '{"format":"cpod-audit-export","tenant_id":"ten_1","version":1}';

/** A record of tenant ten_1 linked to `previous`, sealed with its real hash. */
function record(sequence: number, previous: string, action = "kv.put") {
  const body = {
    tenant_id: "ten_1",
    sequence_id: sequence,
    timestamp: "2025-01-31T12:00:00.000Z",
    actor: { type: "app", id: "app_1", app_id: "app_1", user_id: null },
    action,
    resource: { type: "kv", id: `k${sequence}` },
    outcome: "success",
    status: 200,
    request_id: `r${sequence}`,
    metadata: { note: "é ✓", n: 1.5 },
    previous_hash: previous,
  };
  return { ...body, record_hash: recordHash(body) };
}

function chain(n: number) {
  const records = [];
  let previous = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r = record(i, previous);
    records.push(r);
    previous = r.record_hash;
  }
  return { lines: records.map((r) => canonicalLine(r)), head: previous };
}

/** The verdict on `text`, given to the checker as bytes the way a file stream would. */
const verify = (text: string) => verifyExport([Buffer.from(text)]);

const file = (lines: string[], end?: object) =>
  `${[HEADER, ...lines, ...(end ? [canonicalLine(end)] : [])].join("\n")}\n`;

describe("verifyExport", () => {
  it("reproduces the worked example of docs/audit-export.md", async () => {
    const line = /^\{"action":"tenants.create".*"record_hash".*\}$/m.exec(DOC)?.[0] ?? "";
    const example = JSON.parse(line) as Record<string, unknown>;
    expect(canonicalLine(example)).toBe(line); // the page's line is canonical, as a file's are
    expect(recordHash(example)).toBe(example.record_hash);
    expect(DOC).toContain(`# ${example.record_hash}`);
  });

  it("accepts an empty chain and a sealed one, reporting the head hash", async () => {
    expect(await verify(file([], { end: true, count: 0, head_hash: GENESIS_HASH }))).toEqual({
      valid: true,
      tenantId: "ten_1",
      checked: 0,
      headHash: GENESIS_HASH,
    });
    const { lines, head } = chain(3);
    expect(await verify(file(lines, { end: true, count: 3, head_hash: head }))).toMatchObject({
      valid: true,
      checked: 3,
      headHash: head,
    });
  });

  it.each([
    [
      "a record of another tenant",
      (l: string[]) => [l[0] ?? "", (l[1] ?? "").replace('"ten_1"', '"ten_2"'), l[2] ?? ""],
      2,
    ],
    [
      "an added member",
      (l: string[]) => [
        l[0] ?? "",
        canonicalLine({ ...JSON.parse(l[1] ?? ""), extra: 1 }),
        l[2] ?? "",
      ],
      2,
    ],
    [
      "a relinked record",
      (l: string[]) => [l[0] ?? "", canonicalLine(record(2, GENESIS_HASH)), l[2] ?? ""],
      2,
    ],
    ["a dropped first record", (l: string[]) => l.slice(1), 1],
  ])("breaks on %s", async (_, edit, sequence) => {
    const { lines, head } = chain(3);
    const verdict = await verify(file(edit(lines), { end: true, count: 3, head_hash: head }));
    expect(verdict).toMatchObject({ valid: false, firstInvalidSequence: sequence });
  });

  it.each([
    ["actor", "root"],
    ["actor", { type: "app", id: "app_1", app_id: null }],
    ["actor", { type: "app", id: "app_1", app_id: null, user_id: null, role: "x" }],
    ["resource", 5],
    ["resource", { type: "kv", id: 5 }],
    ["status", "200"],
    ["status", 200.5],
    ["request_id", 7],
    ["metadata", [1]],
    ["timestamp", 0],
    ["action", null],
    ["outcome", true],
  ])("breaks on a resealed record whose %s is %j", async (member, value) => {
    // Rehashed after the edit: only the type check can catch it.
    const { record_hash: _, ...body } = record(1, GENESIS_HASH);
    const edited = { ...body, [member]: value };
    const sealed = { ...edited, record_hash: recordHash(edited) };
    const end = { end: true, count: 1, head_hash: sealed.record_hash };
    const verdict = await verify(file([canonicalLine(sealed)], end));
    expect(verdict).toMatchObject({ valid: false, firstInvalidSequence: 1 });
    expect(verdict).toHaveProperty("reason", expect.stringContaining(`"${member}"`));
  });

  it("breaks on a record_hash that is not 64 lowercase hex digits", async () => {
    const { record_hash: _, ...body } = record(1, GENESIS_HASH);
    const forged = "X".repeat(64);
    const line = canonicalLine({ ...body, record_hash: forged });
    const verdict = await verify(file([line], { end: true, count: 1, head_hash: forged }));
    expect(verdict).toHaveProperty("reason", expect.stringContaining('"record_hash"'));
  });

  it("breaks on an end line that counts more records than the file has, or is not last", async () => {
    const { lines, head } = chain(2);
    const short = await verify(file(lines, { end: true, count: 3, head_hash: head }));
    expect(short).toMatchObject({ valid: false, firstInvalidSequence: 3, checked: 2 });
    const end = canonicalLine({ end: true, count: 2, head_hash: head });
    const trailing = await verify(`${[HEADER, ...lines, end, lines[1]].join("\n")}\n`);
    expect(trailing).toMatchObject({
      valid: false,
      reason: "lines follow the end line (line 4)",
    });
  });

  it("breaks on forged lines between the end line and a second copy of it", async () => {
    const { lines, head } = chain(1);
    const end = canonicalLine({ end: true, count: 1, head_hash: head });
    const forged = canonicalLine(record(2, head, "forged"));
    const verdict = await verify(`${[HEADER, lines[0], end, forged, end].join("\n")}\n`);
    expect(verdict).toMatchObject({
      valid: false,
      firstInvalidSequence: 2,
      reason: "lines follow the end line (line 3)",
    });
  });

  it.each([
    // The record said status 200; a second, earlier "status" would be dropped by JSON.parse.
    [
      "a repeated member name",
      (line: string) => line.replace('"status":200', '"status":500,"status":200'),
    ],
    // 9007199254740993 parses to 9007199254740992, the number the record was hashed with.
    [
      "a number that rounds to the hashed one",
      (line: string) => line.replace('"n":9007199254740992', '"n":9007199254740993'),
    ],
    [
      "another spelling of the same number",
      (line: string) => line.replace('"n":9007199254740992', '"n":9007199254740992.0'),
    ],
    ["whitespace", (line: string) => line.replace('"status":200', '"status": 200')],
  ])("breaks on a record line with %s, though its hash still matches", async (_, edit) => {
    const { record_hash: _hash, ...body } = record(1, GENESIS_HASH);
    const hashed = { ...body, metadata: { n: 9007199254740992 } };
    const sealed = { ...hashed, record_hash: recordHash(hashed) };
    const end = { end: true, count: 1, head_hash: sealed.record_hash };
    expect(await verify(file([canonicalLine(sealed)], end))).toMatchObject({ valid: true });
    const edited = edit(canonicalLine(sealed));
    expect(edited).not.toBe(canonicalLine(sealed));
    expect(await verify(file([edited], end))).toMatchObject({
      valid: false,
      firstInvalidSequence: 1,
      reason: expect.stringMatching(/^line 2 is not canonical JSON/),
    });
  });

  it("breaks on an end line or a header that is not canonical", async () => {
    const { lines, head } = chain(1);
    const end = `{"end":true,"count":1,"count":1,"head_hash":"${head}"}`;
    const repeated = await verify(`${[HEADER, ...lines, end].join("\n")}\n`);
    expect(repeated).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^line 3 is not canonical/),
    });
    const header =
      '{"format":"cpod-audit-export","tenant_id":"ten_2","tenant_id":"ten_1","version":1}';
    const swapped = await verify(
      file(lines, { end: true, count: 1, head_hash: head }).replace(HEADER, header),
    );
    expect(swapped).toMatchObject({ valid: false, reason: "the header is not canonical JSON" });
  });

  it("streams a long export in small chunks, characters cut between chunks included", async () => {
    const { lines, head } = chain(5000);
    const bytes = Buffer.from(file(lines, { end: true, count: 5000, head_hash: head }));
    // 7-byte chunks cut "é ✓" (multi-byte UTF-8) and lines at every possible offset.
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 7) yield bytes.subarray(at, at + 7);
    }
    expect(await verifyExport(chunks())).toMatchObject({ valid: true, checked: 5000 });
  });

  it("breaks on a line that is not UTF-8, even where the record holds U+FFFD", async () => {
    // A record whose metadata really holds "\uFFFD", then the same bytes with 0xFF instead: a
    // lenient decoder would read both as U+FFFD and the altered file would verify.
    const body = { ...record(1, GENESIS_HASH), metadata: { note: "\uFFFD" } };
    const { record_hash: _, ...hashed } = body;
    const sealed = canonicalLine({ ...hashed, record_hash: recordHash(hashed) });
    const end = canonicalLine({ end: true, count: 1, head_hash: recordHash(hashed) });
    const good = Buffer.from(`${HEADER}\n${sealed}\n${end}\n`);
    expect(await verifyExport([good])).toMatchObject({ valid: true });
    const fffd = Buffer.from("\uFFFD");
    const at = good.indexOf(fffd);
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at + 3)]);
    expect(await verifyExport([bad])).toEqual({
      valid: false,
      tenantId: "ten_1",
      checked: 0,
      firstInvalidSequence: 1,
      reason: "line 2 is not UTF-8",
    });
  });

  it("refuses a file without the version-1 header, naming no sequence", async () => {
    for (const text of [
      "",
      "not json\n",
      '{"format":"cpod-audit-export","version":2,"tenant_id":"t"}\n',
    ]) {
      expect(await verify(text)).toMatchObject({ valid: false, firstInvalidSequence: undefined });
    }
  });
});
