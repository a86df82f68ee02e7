import { describe, expect, it } from "vitest";
import { AuditCursors } from "../../../sidecar/audit/query-cursor.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";

const scope = { tenantId: "acme", action: "entities.create" };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof SidecarError ? error.errorCode : "not a SidecarError";
  }
  return undefined;
}

describe("AuditCursors", () => {
  const codec = new AuditCursors("test-key");

  it("round-trips the position for the same scope", () => {
    expect(codec.decode(scope, codec.encode(scope, 42))).toBe(42);
  });

  it("rejects a cursor whose payload was edited", () => {
    const [, mac] = codec.encode(scope, 42).split(".");
    const forged = `${Buffer.from('{"v":1,"after":7}').toString("base64url")}.${mac}`;
    expect(code(() => codec.decode(scope, forged))).toBe("invalid_cursor");
  });

  it.each([
    ["another tenant", { ...scope, tenantId: "globex" }],
    ["other filters", { ...scope, action: "kv.put" }],
    ["an added time bound", { ...scope, from: "2025-01-01T00:00:00.000Z" }],
  ])("rejects a cursor reused with %s", (_name, other) => {
    expect(code(() => codec.decode(other, codec.encode(scope, 42)))).toBe("invalid_cursor");
  });

  it.each(["", "abc", "a.b.c", "!!!.???", `${"x".repeat(40)}.`])(
    "rejects garbage %j",
    (garbage) => {
      expect(code(() => codec.decode(scope, garbage))).toBe("invalid_cursor");
    },
  );

  it("rejects a cursor made with another key", () => {
    expect(code(() => codec.decode(scope, new AuditCursors("other").encode(scope, 1)))).toBe(
      "invalid_cursor",
    );
  });

  it("refuses an empty key at construction", () => {
    expect(() => new AuditCursors("")).toThrow(TypeError);
  });
});
