import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditEmitter } from "../../server/gateway/audit/audit-emitter.js";
import { DurableAuditQueue } from "../../server/gateway/audit/durable-queue.js";
import type { AuditEntry, EmitOutcome } from "../../server/gateway/sidecar/sidecar-client.js";

const entry = (requestId: string): AuditEntry => ({
  tenantId: "ten_a",
  timestamp: "2026-01-01T00:00:00.000Z",
  actor: { type: "app", id: "app_1", appId: "app_1" },
  action: "entities.list",
  resource: { type: "entity.people", id: "" },
  outcome: "success",
  status: 200,
  requestId,
  metadata: {},
});

/** A sink whose calls fail while `down` is true; it refuses "bad" and records what it stored. */
function flakySink() {
  const sink = {
    down: false,
    got: [] as string[],
    calls: 0,
    async emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]> {
      sink.calls += 1;
      if (sink.down) throw new Error("connection refused");
      return entries.map((e) => {
        if (e.requestId === "bad") return "rejected";
        sink.got.push(e.requestId);
        return "delivered";
      });
    },
  };
  return sink;
}

/** A sink that answers each call only when the test says so (one call per entry recorded). */
function heldSink(got: string[] = []) {
  const calls: { ids: string[]; answer(outcome: "ok" | Error): void }[] = [];
  const sink = {
    emitBatch: (entries: AuditEntry[]) =>
      new Promise<EmitOutcome[]>((resolve, reject) => {
        const ids = entries.map((e) => e.requestId);
        calls.push({
          ids,
          answer: (outcome) => {
            if (outcome instanceof Error) return reject(outcome);
            got.push(...ids);
            resolve(entries.map(() => "delivered"));
          },
        });
      }),
  };
  return { sink, calls };
}

const turn = () => new Promise((r) => setTimeout(r, 20));

const tempDir = () => mkdtempSync(join(tmpdir(), "cpod-audit-q-"));

describe("DurableAuditQueue", () => {
  it("keeps order, skips a torn last line, and compacts when all is delivered", async () => {
    const dir = tempDir();
    const queue = new DurableAuditQueue(dir);
    await queue.append(entry("r1"));
    await queue.append(entry("r2"));
    appendFileSync(join(dir, "audit-queue.jsonl"), '{"torn":'); // a crash mid-write
    expect((await queue.backlog()).entries.map((e) => e.requestId)).toEqual(["r1", "r2"]);
    await queue.ack(1);
    expect((await queue.backlog()).entries.map((e) => e.requestId)).toEqual(["r2"]);
    await queue.ack(1);
    await queue.compact();
    expect(readFileSync(join(dir, "audit-queue.jsonl"), "utf8")).toBe("");
    expect((await queue.backlog()).entries).toEqual([]);
  });
});

describe("AuditEmitter", () => {
  it("queues while the sink is down and drains in order, later records behind the backlog", async () => {
    const sink = flakySink();
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(tempDir()),
      minBackoffMs: 5,
    });
    emitter.record(entry("r1"));
    await emitter.settled();
    sink.down = true;
    emitter.record(entry("r2"));
    emitter.record(entry("r3"));
    await new Promise((r) => setTimeout(r, 50));
    sink.down = false;
    emitter.record(entry("r4"));
    await emitter.settled();
    expect(sink.got).toEqual(["r1", "r2", "r3", "r4"]);
    await emitter.close();
  });

  it("resumes a backlog left by a previous process", async () => {
    const dir = tempDir();
    await new DurableAuditQueue(dir).append(entry("old"));
    const sink = flakySink();
    const emitter = new AuditEmitter({ sink, queue: new DurableAuditQueue(dir), minBackoffMs: 5 });
    emitter.record(entry("new"));
    await emitter.settled();
    expect(sink.got).toEqual(["old", "new"]);
    await emitter.close();
  });

  it("sets a record the sink rejects aside instead of stalling the queue", async () => {
    const dir = tempDir();
    const sink = flakySink();
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(dir),
      minBackoffMs: 5,
    });
    await emitter.settled();
    emitter.record(entry("bad"));
    emitter.record(entry("good"));
    await emitter.settled();
    expect(sink.got).toEqual(["good"]);
    expect(readFileSync(join(dir, "audit-rejected.jsonl"), "utf8")).toContain('"bad"');
    await emitter.close();
  });

  it("sends the records of one turn as one EmitBatch", async () => {
    const sink = flakySink();
    const emitter = new AuditEmitter({ sink, queue: new DurableAuditQueue(tempDir()) });
    await emitter.settled(); // the startup drain finds the queue empty
    const before = sink.calls;
    for (const id of ["r1", "r2", "r3"]) emitter.record(entry(id));
    await emitter.settled();
    expect(sink.calls - before).toBe(1);
    expect(sink.got).toEqual(["r1", "r2", "r3"]);
    await emitter.close();
  });

  it("keeps up to maxInFlight EmitBatch calls open; records meanwhile wait and go together", async () => {
    const { sink, calls } = heldSink();
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(tempDir()),
      maxInFlight: 2,
    });
    await turn(); // the startup drain finds the queue empty
    for (const id of ["r1", "r2", "r3", "r4"]) {
      emitter.record(entry(id));
      await turn();
    }
    expect(calls.map((c) => c.ids)).toEqual([["r1"], ["r2"]]); // r3 and r4 wait for a slot
    calls[0]?.answer("ok");
    await turn();
    expect(calls.map((c) => c.ids)).toEqual([["r1"], ["r2"], ["r3", "r4"]]);
    for (const call of calls.slice(1)) call.answer("ok");
    await emitter.settled();
    await emitter.close();
  });

  it("queues records whose batches fail in flight in recorded order, whatever order they fail in", async () => {
    const got: string[] = [];
    const held = heldSink(got);
    let down = true;
    const sink = {
      emitBatch: (entries: AuditEntry[]) =>
        down
          ? held.sink.emitBatch(entries)
          : Promise.resolve(
              entries.map((e) => {
                got.push(e.requestId);
                return "delivered" as const;
              }),
            ),
    };
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(tempDir()),
      minBackoffMs: 5,
    });
    await turn();
    for (const id of ["r1", "r2", "r3"]) {
      emitter.record(entry(id));
      await turn(); // one batch each
    }
    const byId = (id: string) => held.calls.find((c) => c.ids[0] === id);
    for (const id of ["r3", "r1", "r2"]) byId(id)?.answer(new Error("connection reset"));
    emitter.record(entry("r4"));
    down = false;
    await emitter.settled();
    expect(got).toEqual(["r1", "r2", "r3", "r4"]);
    await emitter.close();
  });

  it("drains a backlog in batches and resumes after a partial store", async () => {
    const dir = tempDir();
    const queue = new DurableAuditQueue(dir);
    await queue.appendAll(["q1", "q2", "q3", "q4", "q5"].map(entry));
    const got: string[] = [];
    let calls = 0;
    const sink = {
      async emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]> {
        calls += 1;
        // The first call stores two records, then the store fails for the rest.
        return entries.map((e, i) => {
          if (calls === 1 && i >= 2) return "failed";
          if (!got.includes(e.requestId)) got.push(e.requestId);
          return "delivered";
        });
      },
    };
    const emitter = new AuditEmitter({ sink, queue, minBackoffMs: 5, maxBatch: 4 });
    await emitter.settled();
    expect(got).toEqual(["q1", "q2", "q3", "q4", "q5"]);
    expect(calls).toBe(2); // [q1..q4] stored up to q2, then [q3, q4, q5] after the backoff
    expect(await queue.depth()).toBe(0);
    await emitter.close();
  });

  it("drains a queue of N records in ceil(N / batch) EmitBatch calls once the sidecar is back", async () => {
    const sink = flakySink();
    sink.down = true;
    const queue = new DurableAuditQueue(tempDir());
    const emitter = new AuditEmitter({ sink, queue, minBackoffMs: 20, maxBatch: 64 });
    const n = 1_000;
    for (let i = 0; i < n; i++) {
      emitter.record(entry(`r${String(i).padStart(4, "0")}`));
      if (i % 100 === 99) await turn(); // ten turns of records while the sink is down
    }
    await turn();
    await emitter.close(); // everything recorded is on disk now
    expect(await queue.depth()).toBe(n);
    sink.down = false;
    sink.calls = 0;
    const back = new AuditEmitter({ sink, queue, minBackoffMs: 20, maxBatch: 64 });
    await back.settled();
    expect(sink.calls).toBe(Math.ceil(n / 64));
    expect(sink.got).toEqual(Array.from({ length: n }, (_, i) => `r${String(i).padStart(4, "0")}`));
    expect(await queue.depth()).toBe(0);
    await back.close();
  });

  it("writes the records of a turn to the queue together during an outage, not one write each", async () => {
    const sink = flakySink();
    sink.down = true;
    const queue = new DurableAuditQueue(tempDir());
    let writes = 0;
    const appendAll = queue.appendAll.bind(queue);
    queue.appendAll = (entries) => {
      writes += 1;
      return appendAll(entries);
    };
    const emitter = new AuditEmitter({ sink, queue, minBackoffMs: 10_000 });
    await turn();
    for (let i = 0; i < 200; i++) emitter.record(entry(`o${i}`));
    await emitter.close();
    expect(await queue.depth()).toBe(200);
    expect(writes).toBeLessThanOrEqual(2); // one write, plus one if a failed batch was in flight
  });

  it("is over its bound while maxQueued records wait, and under it again once they drain", async () => {
    const sink = flakySink();
    sink.down = true;
    const queue = new DurableAuditQueue(tempDir());
    const emitter = new AuditEmitter({ sink, queue, minBackoffMs: 10, maxQueued: 50 });
    await turn();
    for (let i = 0; i < 49; i++) emitter.record(entry(`b${i}`));
    await turn();
    await turn();
    expect(emitter.overBound()).toBe(false);
    emitter.record(entry("b49"));
    await turn();
    await turn();
    expect(emitter.overBound()).toBe(true);
    expect(await queue.depth()).toBe(50); // nothing dropped to make room
    sink.down = false;
    await emitter.settled();
    expect(emitter.overBound()).toBe(false);
    expect(sink.got).toHaveLength(50);
    await emitter.close();
  });
});
