// Masker behaviour, table-driven: what each detector replaces, JSON structure kept, blocked
// field names (built-in and per call, case-insensitive), per-call patterns, and the rule that a
// finding never carries the value it found.
import type { JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { MAX_DEPTH } from "../../../sidecar/masking/json-masker.js";
import { Masker } from "../../../sidecar/masking/masker.js";

const masker = new Masker();
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

describe("maskString", () => {
  const cases: { given: string; want: string; kinds: string[] }[] = [
    { given: "mail alice@example.com", want: "mail [REDACTED:email]", kinds: ["email"] },
    { given: "call +44 20 7946 0958.", want: "call [REDACTED:phone].", kinds: ["phone"] },
    {
      given: "card 4111-1111-1111-1111 ok",
      want: "card [REDACTED:card_number] ok",
      kinds: ["card_number"],
    },
    { given: "card 4111-1111-1111-1112 ok", want: "card 4111-1111-1111-1112 ok", kinds: [] },
    { given: "iban GB82 WEST 1234 5698 7654 32", want: "iban [REDACTED:iban]", kinds: ["iban"] },
    {
      given: "ssn 123-45-6789; bad 666-12-3456",
      want: "ssn [REDACTED:us_ssn]; bad 666-12-3456",
      kinds: ["us_ssn"],
    },
    { given: `t=${JWT}`, want: "t=[REDACTED:jwt]", kinds: ["jwt"] },
    {
      given: `Authorization: Bearer ${JWT}`,
      want: "Authorization: [REDACTED:bearer_token]",
      kinds: ["bearer_token"],
    },
    {
      given: "use Bearer abc123def456",
      want: "use Bearer [REDACTED:bearer_token]",
      kinds: ["bearer_token"],
    },
    { given: "key AKIAIOSFODNN7EXAMPLE", want: "key [REDACTED:api_key]", kinds: ["api_key"] },
    {
      given: "a -----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY----- b",
      want: "a [REDACTED:private_key] b",
      kinds: ["private_key"],
    },
    {
      given: "/login?user=bob&password=hunter2&next=/",
      want: "/login?user=bob&password=[REDACTED:password]&next=/",
      kinds: ["password"],
    },
    {
      given: '{"url":"https://x.io/cb?token=abc123","n":1}',
      want: '{"url":"https://x.io/cb?token=[REDACTED:password]","n":1}',
      kinds: ["password"],
    },
    {
      given: "postgres://app:s3cret@db:5432/x",
      want: "postgres://app:[REDACTED:password]@db:5432/x",
      kinds: ["password"],
    },
    { given: "password is required", want: "password is required", kinds: [] },
    { given: "release v10.4.12 on 2024-01-15", want: "release v10.4.12 on 2024-01-15", kinds: [] },
  ];
  it.each(cases)("$given", ({ given, want, kinds }) => {
    const { masked, findings } = masker.maskString(given);
    expect(masked).toBe(want);
    expect(findings.map((f) => f.kind)).toEqual(kinds);
    for (const f of findings) expect(f.pointer).toBe("");
  });

  it("applies extra blocked field names to name=value pairs", () => {
    const { masked, findings } = masker.maskString("GET /p?National_ID=AB123&x=1", {
      blockedFields: ["national_id"],
    });
    expect(masked).toBe("GET /p?National_ID=[REDACTED:blocked_field]&x=1");
    expect(findings).toEqual([{ kind: "blocked_field", pointer: "" }]);
  });
});

describe("maskJson", () => {
  it("keeps the structure and masks strings where they are", () => {
    const given: JsonValue = {
      user: { name: "Bob", contact: { email: "bob@example.com", phones: ["+14155552671", null] } },
      count: 3,
      active: true,
      tags: [],
      meta: {},
    };
    const { masked, findings } = masker.maskJson(given);
    expect(masked).toEqual({
      user: {
        name: "Bob",
        contact: { email: "[REDACTED:email]", phones: ["[REDACTED:phone]", null] },
      },
      count: 3,
      active: true,
      tags: [],
      meta: {},
    });
    expect(findings).toEqual([
      { kind: "email", pointer: "/user/contact/email" },
      { kind: "phone", pointer: "/user/contact/phones/0" },
    ]);
    expect(given).toHaveProperty("user.contact.email", "bob@example.com"); // input untouched
  });

  const blocked: { name: string; given: JsonValue; want: JsonValue }[] = [
    { name: "PassWord", given: { PassWord: "x" }, want: { PassWord: "[REDACTED:password]" } },
    {
      name: "CLIENT_SECRET",
      given: { CLIENT_SECRET: 1 },
      want: { CLIENT_SECRET: "[REDACTED:password]" },
    },
    { name: "apiKey object", given: { apiKey: { a: 1 } }, want: { apiKey: "[REDACTED:password]" } },
    {
      name: "x-api-key",
      given: { "x-api-key": "k" },
      want: { "x-api-key": "[REDACTED:password]" },
    },
    {
      name: "authorization",
      given: { Authorization: "Basic dXM=" },
      want: { Authorization: "[REDACTED:password]" },
    },
    { name: "null kept", given: { token: null }, want: { token: null } },
    { name: "flag kept", given: { passwordless: true }, want: { passwordless: true } },
    {
      name: "not blocked",
      given: { token_type: "Bearer", max_tokens: 9 },
      want: { token_type: "Bearer", max_tokens: 9 },
    },
  ];
  it.each(blocked)("masks whole values of built-in secret names: $name", ({ given, want }) => {
    expect(masker.maskJson(given).masked).toEqual(want);
  });

  it("masks extra blocked fields case-insensitively, whatever the value's type", () => {
    const rules = { blockedFields: ["National_ID", "dob"] };
    const { masked, findings } = masker.maskJson(
      {
        nationalId: "AB1",
        NATIONAL_ID: 7,
        p: [{ DOB: { y: 1990 } }],
        dobby: "elf",
        flag: { dob: false },
      },
      rules,
    );
    expect(masked).toEqual({
      nationalId: "[REDACTED:blocked_field]",
      NATIONAL_ID: "[REDACTED:blocked_field]",
      p: [{ DOB: "[REDACTED:blocked_field]" }],
      dobby: "elf",
      flag: { dob: "[REDACTED:blocked_field]" },
    });
    expect(findings.map((f) => f.pointer)).toEqual([
      "/nationalId",
      "/NATIONAL_ID",
      "/p/0/DOB",
      "/flag/dob",
    ]);
    expect(masker.maskJson({ nationalId: "AB1" }).findings).toEqual([]); // per call only
  });

  it("applies extra patterns per call, with the pattern's index", () => {
    const rules = { patterns: ["EMP-\\d{6}", "(?i)case-[a-z]{3}"] };
    const { masked, findings } = masker.maskJson({ a: "EMP-000123 and CASE-abc" }, rules);
    expect(masked).toEqual({ a: "[REDACTED:custom_pattern] and [REDACTED:custom_pattern]" });
    expect(findings).toEqual([
      { kind: "custom_pattern", pointer: "/a", patternIndex: 0 },
      { kind: "custom_pattern", pointer: "/a", patternIndex: 1 },
    ]);
    expect(masker.maskJson({ a: "EMP-000123" }).findings).toEqual([]);
  });

  it("escapes pointers (RFC 6901) and masks keys that hold personal data", () => {
    const { masked, findings } = masker.maskJson({
      "a/b~c": "x@example.com",
      "bob@example.com": 1,
      "amy@example.com": 2,
    });
    expect(Object.keys(masked as object)).toEqual([
      "a/b~c",
      "[REDACTED:email]",
      "[REDACTED:email]#2",
    ]);
    expect(findings.map((f) => f.pointer)).toEqual([
      "/a~1b~0c",
      "/[REDACTED:email]",
      "/[REDACTED:email]#2",
    ]);
  });

  it("keeps a __proto__ key as plain data", () => {
    const { masked } = masker.maskJson(JSON.parse('{"__proto__":{"password":"x"}}') as JsonValue);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"password":"[REDACTED:password]"}}');
  });

  it("refuses documents nested deeper than MAX_DEPTH", () => {
    let deep: JsonValue = "x";
    for (let i = 0; i <= MAX_DEPTH; i++) deep = [deep];
    expect(() => masker.maskJson(deep)).toThrow(SidecarError);
  });
});

describe("findings", () => {
  const secrets = [
    "bob@example.com",
    "hunter2",
    "4111111111111111",
    JWT,
    "AKIAIOSFODNN7EXAMPLE",
    "EMP-000123",
  ];
  const doc: JsonValue = {
    log: `bob@example.com paid 4111111111111111 with ${JWT}`,
    password: "hunter2",
    creds: { aws: "AKIAIOSFODNN7EXAMPLE" },
    "bob@example.com": "EMP-000123",
  };

  it("never contain the values they found", () => {
    const json = masker.maskJson(doc, { patterns: ["EMP-\\d+"] });
    const text = masker.maskString(JSON.stringify(doc), { patterns: ["EMP-\\d+"] });
    for (const result of [json, text]) {
      const out = JSON.stringify(result);
      for (const secret of secrets) expect(out).not.toContain(secret);
    }
  });

  it("are empty when masking an already masked document", () => {
    const once = masker.maskJson(doc);
    const twice = masker.maskJson(once.masked);
    expect(twice.findings).toEqual([]);
    expect(twice.masked).toEqual(once.masked);
  });
});
