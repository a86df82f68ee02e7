import { describe, expect, it } from "vitest";
import { WriteCombiner } from "../../../sidecar/audit/write-combiner.js";

/** A writer that records each call and refuses any call containing a "bad" item. */
function recordingWriter() {
  const calls: string[][] = [];
  let running = 0;
  const write = async (items: string[]) => {
    running++;
    expect(running).toBe(1);
    calls.push(items);
    await new Promise((r) => setImmediate(r));
    running--;
    if (items.some((i) => i.startsWith("bad"))) throw new RangeError(`refused ${items.join(",")}`);
  };
  return { calls, write };
}

describe("WriteCombiner", () => {
  it("writes what arrives during a write together in the next one, one write at a time", async () => {
    const { calls, write } = recordingWriter();
    const combiner = new WriteCombiner(write);
    await Promise.all(["a", "b", "c", "d"].map((item) => combiner.submit(item)));
    expect(calls).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("gives each item its own outcome when a shared write fails", async () => {
    const { calls, write } = recordingWriter();
    const combiner = new WriteCombiner(write);
    const results = await Promise.allSettled(
      ["a", "b", "bad-c", "d"].map((item) => combiner.submit(item)),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(results[2]).toMatchObject({ reason: new RangeError("refused bad-c") });
    expect(calls).toEqual([["a"], ["b", "bad-c", "d"], ["b"], ["bad-c"], ["d"]]);
  });

  it("rejects a lone item with its error, without writing it twice", async () => {
    const { calls, write } = recordingWriter();
    const combiner = new WriteCombiner(write);
    await expect(combiner.submit("bad-a")).rejects.toThrow("refused bad-a");
    await combiner.submit("b");
    expect(calls).toEqual([["bad-a"], ["b"]]);
  });

  it("puts at most maxItems items in one write", async () => {
    const { calls, write } = recordingWriter();
    const combiner = new WriteCombiner(write, 2);
    await Promise.all(["a", "b", "c", "d", "e", "f"].map((item) => combiner.submit(item)));
    expect(calls).toEqual([["a"], ["b", "c"], ["d", "e"], ["f"]]);
  });

  it("refuses a maxItems that is not a positive integer", () => {
    const write = async () => undefined;
    expect(() => new WriteCombiner(write, 0)).toThrow(TypeError);
    expect(() => new WriteCombiner(write, 1.5)).toThrow(TypeError);
  });
});
