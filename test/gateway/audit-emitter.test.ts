import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditEmitter } from "../../server/gateway/audit/audit-emitter.js";
import { DurableAuditQueue } from "../../server/gateway/audit/durable-queue.js";
import type { AuditEntry } from "../../server/gateway/sidecar/sidecar-client.js";

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

/** A sink that fails while `down` is true and records what it accepted. */
function flakySink() {
  const sink = {
    down: false,
    got: [] as string[],
    async emit(e: AuditEntry) {
      if (e.requestId === "bad") throw Object.assign(new Error("invalid"), { rejected: true });
      if (sink.down) throw new Error("connection refused");
      sink.got.push(e.requestId);
    },
  };
  return sink;
}

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
      isRejected: (e) => (e as { rejected?: boolean }).rejected === true,
    });
    await emitter.settled();
    emitter.record(entry("bad"));
    emitter.record(entry("good"));
    await emitter.settled();
    expect(sink.got).toEqual(["good"]);
    expect(readFileSync(join(dir, "audit-rejected.jsonl"), "utf8")).toContain('"bad"');
    await emitter.close();
  });

  it("keeps up to maxInFlight Emits open at once, in recorded order", async () => {
    const answers: (() => void)[] = [];
    const started: string[] = [];
    const sink = {
      emit: (e: AuditEntry) =>
        new Promise<void>((resolve) => {
          started.push(e.requestId);
          answers.push(resolve);
        }),
    };
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(tempDir()),
      maxInFlight: 2,
    });
    await new Promise((r) => setTimeout(r, 20)); // the startup drain finds the queue empty
    for (const id of ["r1", "r2", "r3"]) emitter.record(entry(id));
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual(["r1", "r2"]); // r3 waits for a slot
    answers.shift()?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual(["r1", "r2", "r3"]);
    for (const answer of answers) answer();
    await emitter.settled();
    await emitter.close();
  });

  it("queues records whose Emits fail in flight in recorded order, whatever order they fail in", async () => {
    const fail: Record<string, (e: Error) => void> = {};
    const got: string[] = [];
    let down = true;
    const sink = {
      emit: (e: AuditEntry) =>
        down
          ? new Promise<void>((_, reject) => {
              fail[e.requestId] = reject;
            })
          : Promise.resolve(void got.push(e.requestId)),
    };
    const emitter = new AuditEmitter({
      sink,
      queue: new DurableAuditQueue(tempDir()),
      minBackoffMs: 5,
    });
    await new Promise((r) => setTimeout(r, 20));
    for (const id of ["r1", "r2", "r3"]) emitter.record(entry(id));
    await new Promise((r) => setTimeout(r, 20));
    for (const id of ["r3", "r1", "r2"]) fail[id]?.(new Error("connection reset"));
    emitter.record(entry("r4"));
    down = false;
    await emitter.settled();
    expect(got).toEqual(["r1", "r2", "r3", "r4"]);
    await emitter.close();
  });
});
