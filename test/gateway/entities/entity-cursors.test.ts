import { describe, expect, it } from "vitest";
import { type CursorBinding, EntityCursors } from "../../../server/gateway/entities/index.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";

const KEY = new Uint8Array(32).fill(1);
const BINDING: CursorBinding = { tenantId: "ten_A", type: "Person", sort: "-email", filter: "{}" };
const POSITION = { value: "ada@example.org", id: "per_01JD6QB3C4D5E6F7G8H9J0K1M2" };

function rejects(codec: EntityCursors, binding: CursorBinding, cursor: string): void {
  let caught: unknown;
  try {
    codec.decode(binding, cursor);
  } catch (error) {
    caught = error;
  }
  expect(caught, cursor).toBeInstanceOf(ApiError);
  expect((caught as ApiError).code).toBe("invalid_cursor");
}

describe("EntityCursors", () => {
  const codec = new EntityCursors(KEY);
  const cursor = codec.encode(BINDING, POSITION);

  it("round-trips positions of every scalar kind and null", () => {
    for (const value of ["", "ü", 0, -1.5, 1e21, true, false, null]) {
      const pos = { value, id: "x_1" };
      expect(codec.decode(BINDING, codec.encode(BINDING, pos))).toEqual(pos);
    }
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("is bound to tenant, type, sort and filter", () => {
    for (const change of [
      { tenantId: "ten_B" },
      { type: "Group" },
      { sort: "email" },
      { filter: '{"op":"and","nodes":[]}' },
    ]) {
      rejects(codec, { ...BINDING, ...change }, cursor);
    }
  });

  it("rejects a change to any single character", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      const swap = alphabet[(alphabet.indexOf(cursor[i] as string) + 1) % 64];
      rejects(codec, BINDING, `${cursor.slice(0, i)}${swap}${cursor.slice(i + 1)}`);
    }
  });

  it("rejects other keys' cursors, garbage and oversized input", () => {
    rejects(new EntityCursors(new Uint8Array(32).fill(2)), BINDING, cursor);
    for (const bad of ["", "a", "a=b", "a.b", "🙂", "A".repeat(2049), cursor.slice(0, 43)]) {
      rejects(codec, BINDING, bad);
    }
  });

  it("refuses short keys at construction", () => {
    expect(() => new EntityCursors(new Uint8Array(31))).toThrow(TypeError);
  });
});
