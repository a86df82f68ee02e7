// The gateway's fair admission queue: a bound on calls in flight, turns between flows, a bound
// on what waits.
import { describe, expect, it } from "vitest";
import { FairQueue, QueueFullError } from "../../server/gateway/request-path/fair-queue.js";

/** A call that runs until the test finishes it, recording when it started. */
function controlled(log: string[], name: string) {
  let finish: (value: string) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const work = (waited: boolean) => {
    log.push(`${name}${waited ? " (waited)" : ""}`);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { work, finish: () => finish(name), fail: (error: Error) => fail(error) };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("FairQueue", () => {
  it("runs calls at once while places are free, and never more than the limit", async () => {
    const queue = new FairQueue({ limit: 2, maxWaiting: 10 });
    const log: string[] = [];
    const calls = ["a", "b", "c"].map((name) => controlled(log, name));
    const results = calls.map((c) => queue.run("f", c.work));
    expect(log).toEqual(["a", "b"]);
    expect([queue.running, queue.waiting]).toEqual([2, 1]);
    calls[0]?.finish();
    await expect(results[0]).resolves.toBe("a");
    await turn();
    expect(log).toEqual(["a", "b", "c (waited)"]);
    calls[1]?.finish();
    calls[2]?.finish();
    await expect(Promise.all(results)).resolves.toEqual(["a", "b", "c"]);
    expect([queue.running, queue.waiting]).toEqual([0, 0]);
  });

  it("gives freed places to the waiting flows in turn, so a burst waits behind itself", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 100 });
    const log: string[] = [];
    const first = controlled(log, "w0");
    const all: Promise<unknown>[] = [queue.run("writes", first.work)];
    // A burst of writes queues first, then one read, then two calls of a third flow; each of
    // them finishes as soon as it starts, freeing the one place for the next turn.
    for (const [flow, name] of [
      ["writes", "w1"],
      ["writes", "w2"],
      ["writes", "w3"],
      ["reads", "r1"],
      ["other", "o1"],
      ["other", "o2"],
    ]) {
      all.push(queue.run(flow as string, async () => log.push(name as string)));
    }
    first.finish();
    await Promise.all(all);
    expect(log).toEqual(["w0", "w1", "r1", "o1", "w2", "o2", "w3"]);
  });

  it("frees the place of a call that failed, and passes its error on", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 10 });
    const log: string[] = [];
    const failing = controlled(log, "a");
    const next = controlled(log, "b");
    const a = queue.run("f", failing.work);
    const b = queue.run("f", next.work);
    failing.fail(new Error("sidecar down"));
    await expect(a).rejects.toThrow("sidecar down");
    await turn();
    expect(log).toEqual(["a", "b (waited)"]);
    next.finish();
    await expect(b).resolves.toBe("b");
  });

  it("frees the place of a call that threw before returning a promise", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 10 });
    const thrown = queue.run("f", () => {
      throw new TypeError("bad input");
    });
    await expect(thrown).rejects.toThrow("bad input");
    await expect(queue.run("f", async () => "ran")).resolves.toBe("ran");
    expect(queue.running).toBe(0);
  });

  it("when maxWaiting calls wait, refuses a call of the longest flow at once, without running it", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 2 });
    const log: string[] = [];
    const calls = ["a", "b", "c"].map((name) => controlled(log, name));
    const accepted = calls.map((c) => queue.run("f", c.work));
    let ran = false;
    const refused = queue.run("f", async () => {
      ran = true;
    });
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    expect(ran).toBe(false);
    expect([queue.running, queue.waiting]).toEqual([1, 2]);
    for (const call of calls) {
      call.finish();
      await turn();
    }
    await expect(Promise.all(accepted)).resolves.toEqual(["a", "b", "c"]);
  });

  it("when full, a call of another flow pushes out the newest waiting call of the longest flow", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 3 });
    const log: string[] = [];
    const flood = ["f0", "f1", "f2", "f3"].map((name) => controlled(log, name));
    const flooded = flood.map((c) => queue.run("flood", c.work));
    const other = controlled(log, "o1");
    const admitted = queue.run("other", other.work);
    // f3, the flood's newest waiting call, made room; the queue still holds three.
    await expect(flooded[3]).rejects.toThrow(/pushed out by another flow/);
    expect([queue.running, queue.waiting]).toEqual([1, 3]);
    // A second call of "other" would make it as long as the flood: it pushes out f2 too.
    const second = queue.run("other", async () => "o2");
    await expect(flooded[2]).rejects.toBeInstanceOf(QueueFullError);
    // Now both flows hold one or two; a third "other" call would be the longest: refused itself.
    await expect(queue.run("other", async () => "o3")).rejects.toThrow(/already waiting/);
    flood[0]?.finish();
    await turn();
    flood[1]?.finish();
    await turn();
    other.finish();
    await expect(Promise.all([admitted, second])).resolves.toEqual(["o1", "o2"]);
    expect(log.map((entry) => entry.split(" ")[0])).toEqual(["f0", "f1", "o1"]);
  });

  it("with maxWaiting 0, refuses whatever finds every place taken", async () => {
    const queue = new FairQueue({ limit: 1, maxWaiting: 0 });
    const log: string[] = [];
    const a = controlled(log, "a");
    const running = queue.run("f", a.work);
    await expect(queue.run("f", async () => "b")).rejects.toBeInstanceOf(QueueFullError);
    a.finish();
    await running;
  });

  it.each([
    [{ limit: 0, maxWaiting: 1 }, "limit must be a positive integer"],
    [{ limit: 1.5, maxWaiting: 1 }, "limit must be a positive integer"],
    [{ limit: 1, maxWaiting: -1 }, "maxWaiting must be an integer ≥ 0"],
  ])("refuses a bad bound %o", (opts, message) => {
    expect(() => new FairQueue(opts)).toThrow(message);
  });
});
