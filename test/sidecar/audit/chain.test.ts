// Unit tests of the §7 record format against hand-computed vectors: the canonical strings below
// were written by hand from RFC 8785 and hashed with `printf '%s' … | sha256sum`.
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  EMPTY_HEAD,
  GENESIS_HASH,
  hashedObject,
  hashRecord,
  sealRecord,
} from "../../../sidecar/audit/chain.js";

const FIRST: AuditEntry = {
  timestamp: "2025-01-31T12:00:00.000Z",
  actor: { type: "user", id: "user-42", app_id: "app_1", user_id: null },
  action: "entities.create",
  resource: { type: "entity.people", id: null },
  outcome: "success",
  status: 201,
  request_id: "req-1",
  metadata: { route: "/v1/entities/people", latency_ms: 12 },
};
const FIRST_JCS =
  '{"action":"entities.create","actor":{"app_id":"app_1","id":"user-42","type":"user","user_id":null},' +
  '"metadata":{"latency_ms":12,"route":"/v1/entities/people"},"outcome":"success",' +
  `"previous_hash":"${"0".repeat(64)}","request_id":"req-1","resource":{"id":null,"type":"entity.people"},` +
  '"sequence_id":1,"status":201,"tenant_id":"acme","timestamp":"2025-01-31T12:00:00.000Z"}';
const FIRST_HASH = "a15c66aa60cf25f0b53febf2af6247d11a3150ecbdc48c1748c725207d345808";

// Key order by UTF-16 code units ("€" last), ES number forms (1e+21, 0.1, -0 → 0), non-ASCII raw.
const SECOND: AuditEntry = {
  timestamp: "2025-01-31T12:00:00.500Z",
  actor: { type: "app", id: "app_1", app_id: "app_1", user_id: null },
  action: "oauth.token",
  resource: { type: "oauth", id: null },
  outcome: "success",
  status: 200,
  request_id: "req-2",
  metadata: { "€": [true, false, null], n: -0, c: 0.1, b: 1e21, a: "é" },
};
const SECOND_JCS =
  '{"action":"oauth.token","actor":{"app_id":"app_1","id":"app_1","type":"app","user_id":null},' +
  '"metadata":{"a":"é","b":1e+21,"c":0.1,"n":0,"€":[true,false,null]},"outcome":"success",' +
  `"previous_hash":"${FIRST_HASH}","request_id":"req-2","resource":{"id":null,"type":"oauth"},` +
  '"sequence_id":2,"status":200,"tenant_id":"acme","timestamp":"2025-01-31T12:00:00.500Z"}';
const SECOND_HASH = "7e910474e9b4bb92d53cdad7a4baadd260f8f6dea81c0b2714eabe3e5ec72e19";

describe("audit chain format (DESIGN.md §7)", () => {
  it("seals record 1 on 64 zeros with the hand-computed hash", () => {
    const record = sealRecord("acme", FIRST, EMPTY_HEAD);
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(canonicalize(hashedObject(record))).toBe(FIRST_JCS);
    expect(record).toMatchObject({ sequence_id: 1, previous_hash: GENESIS_HASH });
    expect(record.record_hash).toBe(FIRST_HASH);
  });

  it("links record 2 to record 1 and canonicalizes keys, numbers and Unicode per RFC 8785", () => {
    const first = sealRecord("acme", FIRST, EMPTY_HEAD);
    const second = sealRecord("acme", SECOND, first);
    expect(canonicalize(hashedObject(second))).toBe(SECOND_JCS);
    expect(second).toMatchObject({
      sequence_id: 2,
      previous_hash: FIRST_HASH,
      record_hash: SECOND_HASH,
    });
  });

  it("hashes only the §7 members: extra properties and a stale record_hash change nothing", () => {
    const record = sealRecord("acme", FIRST, EMPTY_HEAD);
    const decorated = { ...record, _id: "x", dedup_id: "key:k", record_hash: "bogus" };
    expect(hashRecord(decorated)).toBe(FIRST_HASH);
  });

  it("writes absent optionals as null", () => {
    const sparse = {
      ...FIRST,
      metadata: null,
      actor: { type: "system", id: "cron", app_id: null, user_id: null },
    };
    const object = hashedObject(sealRecord("acme", sparse, EMPTY_HEAD));
    expect(object.metadata).toBeNull();
    expect(object.actor).toEqual({ type: "system", id: "cron", app_id: null, user_id: null });
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a lone surrogate", "\ud800"],
  ])("refuses %s in metadata with a RangeError", (_name, value) => {
    expect(() => sealRecord("acme", { ...FIRST, metadata: { value } }, EMPTY_HEAD)).toThrow(
      RangeError,
    );
  });
});
