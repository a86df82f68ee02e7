// One set of rules for every JSON body before it reaches a store (issue #13 items 4 and 5): a KV
// value nested 10,000 levels answered 500 (RangeError: Maximum call stack size exceeded), NUL or
// a lone surrogate in an entity string 500 from JSONB; now 400, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyProblem, MAX_JSON_DEPTH } from "../../../server/shared/http/json-body-rules.js";
import { type DataStack, json, startDataStack, variants } from "./data-stack.js";

/** `{"a":{"a":…{"a":1}}}` with `levels` objects. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

/** The depth rule alone, as bodyProblem applies it. */
const nestedDeeperThan = (value: unknown, max: number) => bodyProblem(value, max) === "too_deep";

describe("nestedDeeperThan", () => {
  it.each([
    [1, 1, false],
    [{}, 1, false],
    [{ a: {} }, 1, true],
    [[[[]]], 3, false],
    [[[[]]], 2, true],
    [nested(10_000), MAX_JSON_DEPTH, true],
  ])("%#: depth limit %i → %s", (value, max, want) => {
    expect(nestedDeeperThan(value, max)).toBe(want);
  });
});

describe("bodyProblem", () => {
  it.each([
    [{ name: "a\u0000b" }, "unstorable_character"],
    [{ name: "\ud800" }, "unstorable_character"],
    [{ name: "x\udc00" }, "unstorable_character"],
    [{ "k\u0000": 1 }, "unstorable_character"],
    [["ok", ["\ud83d"]], "unstorable_character"],
    [{ name: "😀 é \u2028 \u0001" }, undefined],
    [{ name: "\ud83d\ude00" }, undefined],
  ])("%j → %s", (value, want) => {
    expect(bodyProblem(value, MAX_JSON_DEPTH)).toBe(want);
  });
});

describe.each(variants().slice(0, 1))("JSON body depth over HTTP — $name", (variant) => {
  let s: DataStack;
  let auth: Record<string, string>;
  beforeAll(async () => {
    s = await startDataStack(variant);
    auth = await s.auth("ten_alpha");
  }, 60_000);
  afterAll(async () => s?.close());

  /** The body text built by hand: JSON.stringify itself recurses and fails at this depth. */
  const put = (key: string, levels: number) =>
    fetch(`${s.url}/v1/kv/${key}`, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: `{"value":${'{"a":'.repeat(levels)}1${"}".repeat(levels)}}`,
    });

  it("refuses a value nested 10,000 levels with 400 and stores nothing", async () => {
    const key = `deep-${s.run}`;
    const res = await put(key, 10_000);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "validation_failed" });
    const get = await fetch(`${s.url}/v1/kv/${key}`, { headers: auth });
    expect(get.status).toBe(404);
  });

  it.each([
    ["NUL", "a\\u0000b"],
    ["a lone surrogate", "\\ud800"],
  ])("refuses an entity whose string holds %s with 400 and stores nothing", async (_, escaped) => {
    const people = `${s.url}/v1/entities/people`;
    const auth = await s.auth("ten_alpha", { scopes: "entities.read entities.write" });
    const name = `Unstorable ${s.run} ${escaped.length}`;
    const res = await fetch(people, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: `{"display_name":"${name}","first_name":"${escaped}"}`,
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "validation_failed" });
    const filter = encodeURIComponent(JSON.stringify({ display_name: name }));
    const listed = await json(await fetch(`${people}?filter=${filter}`, { headers: auth }));
    expect(listed.items).toEqual([]);
  });

  it("keeps a value just inside the limit", async () => {
    // The body is {"value": …}: one level for the body itself.
    const res = await put(`ok-${s.run}`, MAX_JSON_DEPTH - 2);
    expect(res.ok).toBe(true);
  });
});
