import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  readPosition,
  SignedCursorError,
  type SignedCursorFailure,
  SignedCursors,
} from "../../lib/signed-cursor.js";

interface Binding {
  tenantId: string;
  query: string;
  from?: string;
}

const KEY = new Uint8Array(32).fill(1);
const KIND = { purpose: "cpod.test", read: readPosition };
const BINDING: Binding = { tenantId: "ten_A", query: "sort=-email" };
const cursors = new SignedCursors<Binding, number>(KEY, KIND);
const cursor = cursors.encode(BINDING, 42);

function reason(fn: () => unknown): SignedCursorFailure | "accepted" {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SignedCursorError);
    return (error as SignedCursorError).reason;
  }
  return "accepted";
}

/** `cursor` with its raw bytes edited by `edit`. */
function rewrite(edit: (raw: Buffer) => void): string {
  const raw = Buffer.from(cursor, "base64url");
  edit(raw);
  return raw.toString("base64url");
}

describe("SignedCursors", () => {
  it("round-trips JSON payloads as base64url", () => {
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursors.decode(BINDING, cursor)).toBe(42);
    const any = new SignedCursors<Binding, unknown>(KEY, { purpose: "p", read: (v) => v });
    for (const payload of ["", "ü🙂", 0, null, [1.5, "x"], { a: [true] }]) {
      expect(any.decode(BINDING, any.encode(BINDING, payload))).toEqual(payload);
    }
  });

  it("has the documented wire format", () => {
    const body = Buffer.from("42");
    const mac = createHmac("sha256", KEY)
      .update(Buffer.of(1))
      .update('["cpod.test",{"query":"sort=-email","tenantId":"ten_A"}]\n')
      .update(body)
      .digest();
    expect(cursor).toBe(Buffer.concat([Buffer.of(1), mac, body]).toString("base64url"));
  });

  it.each([
    ["another tenant", { ...BINDING, tenantId: "ten_B" }],
    ["another query", { ...BINDING, query: "sort=email" }],
    ["an added member", { ...BINDING, from: "2025-01-01" }],
  ])("refuses a cursor replayed against %s", (_name, other) => {
    expect(reason(() => cursors.decode(other, cursor))).toBe("signature");
  });

  it("ignores the binding's key order and undefined members", () => {
    expect(
      cursors.decode({ query: "sort=-email", tenantId: "ten_A", from: undefined }, cursor),
    ).toBe(42);
  });

  it("refuses another purpose's and another key's cursors", () => {
    const otherPurpose = new SignedCursors<Binding, number>(KEY, {
      ...KIND,
      purpose: "cpod.other",
    });
    const otherKey = new SignedCursors<Binding, number>(new Uint8Array(32).fill(2), KIND);
    expect(reason(() => otherPurpose.decode(BINDING, cursor))).toBe("signature");
    expect(reason(() => otherKey.decode(BINDING, cursor))).toBe("signature");
  });

  it("refuses a change to any single character", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      const swap = alphabet[(alphabet.indexOf(cursor[i] as string) + 1) % 64];
      const edited = `${cursor.slice(0, i)}${swap}${cursor.slice(i + 1)}`;
      expect(
        reason(() => cursors.decode(BINDING, edited)),
        edited,
      ).not.toBe("accepted");
    }
  });

  it("refuses another version and an edited payload", () => {
    const v2 = rewrite((raw) => raw.writeUInt8(2, 0));
    expect(reason(() => cursors.decode(BINDING, v2))).toBe("version");
    const forged = rewrite((raw) => raw.write("7", 33));
    expect(reason(() => cursors.decode(BINDING, forged))).toBe("signature");
  });

  it.each(["", "a", "a=b", "a.b", "🙂", "A".repeat(2049), cursor.slice(0, 44), `${cursor}=`])(
    "refuses garbage %j as malformed",
    (garbage) => {
      expect(reason(() => cursors.decode(BINDING, garbage))).toBe("malformed");
    },
  );

  it("refuses a genuine cursor whose payload `read` rejects", () => {
    const strings = new SignedCursors<Binding, string>(KEY, { ...KIND, read: () => undefined });
    expect(reason(() => strings.decode(BINDING, strings.encode(BINDING, "x")))).toBe("payload");
    const negative = new SignedCursors<Binding, number>(KEY, { ...KIND, read: (v) => v as number });
    expect(reason(() => cursors.decode(BINDING, negative.encode(BINDING, -1)))).toBe("payload");
  });

  it("throws the program's own error from `refuse`, with the reason as its cause", () => {
    const refuse = (error: SignedCursorError) => new RangeError("invalid_cursor", { cause: error });
    const mapped = new SignedCursors<Binding, number>(KEY, { ...KIND, refuse });
    expect(() => mapped.decode({ ...BINDING, tenantId: "ten_B" }, cursor)).toThrow(
      expect.objectContaining({
        name: "RangeError",
        cause: expect.objectContaining({ reason: "signature" }),
      }),
    );
  });

  it("refuses keys shorter than 32 bytes at construction", () => {
    expect(() => new SignedCursors(new Uint8Array(31), KIND)).toThrow(TypeError);
  });
});
