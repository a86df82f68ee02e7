// `cpod dev` runs no database engine on the threads that answer requests: PostgreSQL and
// ClickHouse are child processes reached through the production drivers over loopback, and the
// analytics engine is not even started until the first analytics call. Checked on what really
// runs (/proc), not on what the code says. How much this keeps the request thread free is a
// benchmark figure (`npm run bench -- --only thread`: KV p99 while a heavy analytics query and
// 200 entity writes run), never a timing assert here.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";
import { commandLine, descendants } from "../helpers/process-tree.js";

/** The command lines of every process `cpod dev` started, joined into one string each. */
const childCommands = (pid: number) => descendants(pid).map((p) => commandLine(p).join(" "));
const isPostgres = (command: string) => /(^|\/)postgres /.test(command);
const isClickHouse = (command: string) => command.includes("launcher.py");

describe("cpod dev engines", () => {
  let dev: RunningDevPlatform | undefined;
  afterAll(async () => {
    await dev?.stop();
  });

  it("runs PostgreSQL and (from the first analytics call) ClickHouse as child processes, never in-process", async () => {
    dev = await startDevPlatform();
    const before = childCommands(dev.pid);
    expect(before.filter(isPostgres).length).toBeGreaterThan(0);
    expect(before.filter(isClickHouse)).toEqual([]);

    const auth = { ...(await dev.bearer()), "content-type": "application/json" };
    const person = await fetch(`${dev.baseUrl}/v1/entities/people`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ display_name: "Engine Check" }),
    });
    expect(person.status).toBe(201);
    const now = Date.now();
    const ingest = await fetch(`${dev.baseUrl}/v1/analytics/events`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        events: [{ name: "engine.check", timestamp: new Date(now).toISOString(), properties: {} }],
      }),
    });
    expect(ingest.status).toBe(202);
    const query = await fetch(`${dev.baseUrl}/v1/analytics/query`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        event: "engine.check",
        from: new Date(now - 60_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
        aggregate: "count",
      }),
    });
    expect(await query.json()).toEqual({ rows: [{ bucket: null, group: {}, value: 1 }] });

    const after = childCommands(dev.pid);
    expect(after.filter(isClickHouse)).toHaveLength(1);
    expect(after.filter(isPostgres).length).toBeGreaterThan(0);
    // The engine library is mapped only into its launcher, not into the process serving requests.
    const mapped = readFileSync(`/proc/${dev.pid}/maps`, "utf8");
    expect(mapped).not.toContain("libchdb");
    expect(mapped).not.toMatch(/pglite/i);

    // Ctrl-C stops the engines too: none of the processes it started outlives it.
    const engines = descendants(dev.pid);
    expect(await dev.stop()).toBe(0);
    expect(engines.map(commandLine).filter((argv) => argv.length > 0)).toEqual([]);
  }, 300_000);
});
