import { describe, expect, it } from "vitest";
import { KeyedQueue } from "../../../sidecar/audit/keyed-queue.js";

describe("KeyedQueue", () => {
  it("runs one task at a time per key, in arrival order, and survives failures", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        expect(running).toBe(1);
        await new Promise((r) => setImmediate(r));
        log.push(name);
        running--;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run("a", task("1")),
      queue.run("a", task("2", true)),
      queue.run("a", task("3")),
    ]);
    expect(log).toEqual(["1", "2", "3"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await new Promise((r) => setImmediate(r));
    expect(queue.size).toBe(0);
  });

  it("lets different keys run side by side", async () => {
    const queue = new KeyedQueue();
    let release: () => void = () => undefined;
    const blocked = queue.run("a", () => new Promise<void>((r) => (release = r)));
    await expect(queue.run("b", async () => "b")).resolves.toBe("b");
    release();
    await blocked;
  });
});
