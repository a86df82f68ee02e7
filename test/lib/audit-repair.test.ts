// The shared audit repair (lib/audit-repair.ts): table-driven cases, and the promise it makes to
// both programs — whatever comes out passes EmitRequest's protovalidate rules.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EmitRequestSchema } from "../../gen/proto/coresdk/v1/audit_pb.js";
import {
  PLATFORM_CHAIN,
  type RepairableRecord,
  repairAuditRecord,
  withRepairedList,
} from "../../lib/audit-repair.js";
import { ruleViolations } from "../../sidecar/validation/message-rules.js";

const good: RepairableRecord = {
  tenantId: "ten_alpha",
  timestamp: "2026-01-01T00:00:00.000Z",
  actor: { type: "app", id: "app_1", appId: "app_1" },
  action: "kv.get",
  resource: { type: "kv", id: "key-1" },
  outcome: "success",
  status: 200,
  requestId: "req-00000001",
  metadata: { latency_ms: 1.5 },
  dedupKey: "req-00000001",
};

const long = (n: number, c = "x") => c.repeat(n);

const cases: {
  name: string;
  given: Partial<RepairableRecord>;
  want: string[];
  check?: (r: RepairableRecord) => void;
}[] = [
  {
    name: "NUL in a resource id is escaped as the six characters \\u0000",
    given: { resource: { type: "kv", id: "nul0\u0000x" } },
    want: ["resource.id"],
    check: (r) => expect(r.resource?.id).toBe("nul0\\u0000x"),
  },
  {
    name: "a lone surrogate in the actor id is escaped; a valid pair is kept",
    given: { actor: { type: "app", id: "a\uD800b😀", appId: "app_1" } },
    want: ["actor.id"],
    check: (r) => expect(r.actor?.id).toBe("a\\ud800b😀"),
  },
  {
    name: "a 1,100-character file path is cut to the 1,024 the rule allows",
    given: { resource: { type: "files", id: long(1100) } },
    want: ["resource.id"],
    check: (r) => expect(r.resource?.id).toBe(long(1024)),
  },
  {
    name: "cutting counts code points and never splits a pair",
    given: { action: `${long(127)}😀😀` },
    want: ["action"],
    check: (r) => expect(r.action).toBe(`${long(127)}😀`),
  },
  {
    name: "an over-long request id and dedup key become digests (distinct, stable on resend)",
    given: { requestId: long(200), dedupKey: long(200) },
    want: ["request_id", "dedup_key"],
    check: (r) => {
      expect(r.requestId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(r.dedupKey).toBe(r.requestId);
      const other = repairAuditRecord({ ...good, requestId: `${long(199)}y` }).record;
      expect(other.requestId).not.toBe(r.requestId);
    },
  },
  { name: "an empty request id becomes unknown", given: { requestId: "" }, want: ["request_id"] },
  {
    name: "a request id holding NUL is escaped, not hashed",
    given: { requestId: "r\u0000" },
    want: ["request_id"],
    check: (r) => expect(r.requestId).toMatch(/^sha256:/),
  },
  {
    name: "a tenant id that breaks its pattern sends the record to the platform chain",
    given: { tenantId: "ten/../beta" },
    want: ["tenant_id"],
    check: (r) => expect(r.tenantId).toBe(PLATFORM_CHAIN),
  },
  {
    name: "an actor type outside [a-z][a-z0-9_]* is made one",
    given: { actor: { type: "9-Bad Type", id: "a" } },
    want: ["actor.type"],
    check: (r) => expect(r.actor?.type).toBe("x9_bad_type"),
  },
  { name: "an unknown outcome is error", given: { outcome: "maybe" }, want: ["outcome"] },
  { name: "an impossible status is 500", given: { status: 42 }, want: ["status"] },
  {
    name: "a malformed timestamp is dropped (now)",
    given: { timestamp: "yesterday" },
    want: ["timestamp"],
  },
  {
    name: "metadata: lone surrogates escaped in keys and values, non-finite numbers null",
    given: { metadata: { "k\uDC00": ["\uD800"], n: Number.NaN } },
    want: ["metadata"],
    check: (r) => expect(r.metadata).toEqual({ "k\\udc00": ["\\ud800"], n: null }),
  },
  {
    name: "missing actor and resource are filled in as unknown",
    given: { actor: undefined, resource: undefined },
    want: ["actor", "resource"],
  },
  {
    name: "an empty optional id is made absent without a flag (collection-level)",
    given: { resource: { type: "kv", id: "" } },
    want: [],
    check: (r) => expect(r.resource?.id).toBeUndefined(),
  },
];

describe("repairAuditRecord", () => {
  it("returns a record that breaks no rule as the same object, with nothing repaired", () => {
    const result = repairAuditRecord(good);
    expect(result.record).toBe(good);
    expect(result.repaired).toEqual([]);
  });

  it.each(cases)("$name", ({ given, want, check }) => {
    const { record, repaired } = repairAuditRecord({ ...good, ...given });
    expect(repaired).toEqual(want);
    check?.(record);
    expect(
      ruleViolations(EmitRequestSchema, create(EmitRequestSchema, record as never)),
    ).toBeUndefined();
  });

  it("whatever it is given, what comes out passes EmitRequest's protovalidate rules", () => {
    const nasty = [
      "",
      "\u0000",
      "\uD800",
      "\uDFFF",
      "😀",
      "A B",
      "$x",
      long(2000),
      `${long(300)}\u0000`,
    ];
    for (const v of nasty) {
      const given: RepairableRecord = {
        tenantId: v,
        timestamp: v,
        actor: { type: v, id: v, appId: v, userId: v },
        action: v,
        resource: { type: v, id: v },
        outcome: v,
        status: v.length,
        requestId: v,
        dedupKey: v,
        metadata: { [v]: v },
      };
      const { record } = repairAuditRecord(given);
      const message = create(EmitRequestSchema, record as never);
      expect(ruleViolations(EmitRequestSchema, message), JSON.stringify(v)).toBeUndefined();
    }
  });

  it("lists the repaired fields in metadata, merged with a list already there", () => {
    expect(withRepairedList({ a: 1 }, ["resource.id"])).toEqual({
      a: 1,
      repaired: ["resource.id"],
    });
    expect(withRepairedList({ repaired: ["status"] }, ["action", "status"])).toEqual({
      repaired: ["action", "status"],
    });
  });
});
