// The embedded ClickHouse server against the real thing: chdb's engine library run by
// lib/embedded/clickhouse/launcher.py, reached over HTTP through @clickhouse/client.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@clickhouse/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedClickHouse } from "../../../lib/embedded/clickhouse/embedded-clickhouse.js";
import type { EmbeddedServer } from "../../../lib/embedded/embedded-server.js";
import { clickhouseEngine } from "../../helpers/services.js";

/** Pids of launchers serving `dataDir`, read from /proc (what really runs, not what we think). */
function launcherPids(dataDir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv.some((a) => a.endsWith("launcher.py")) && argv.includes(dataDir);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

const library = clickhouseEngine();

describe.skipIf(!library)("startEmbeddedClickHouse (real ClickHouse from chdb)", () => {
  let dataDir: string;
  let server: EmbeddedServer | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cpod-clickhouse-"));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves ClickHouse's HTTP interface: a parameterized query through @clickhouse/client", async () => {
    server = await startEmbeddedClickHouse({ dataDir });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = createClient({ url: server.url });
    const result = await client.query({
      query: "SELECT {x:UInt8} + 1 AS y, version() AS v",
      query_params: { x: 41 },
      format: "JSONEachRow",
    });
    const [row] = await result.json<{ y: number; v: string }>();
    expect(row?.y).toBe(42);
    expect(row?.v).toMatch(/^\d+\.\d+/);
    await client.close();
  }, 60_000);

  it("refuses a second server on a data dir whose server still runs", async () => {
    await expect(startEmbeddedClickHouse({ dataDir })).rejects.toThrow(
      /Another server instance in same directory is already running/,
    );
  }, 60_000);

  it("keeps data across close and a restart on the same dir", async () => {
    const first = createClient({ url: server?.url });
    await first.command({ query: "CREATE DATABASE IF NOT EXISTS kept" });
    await first.command({ query: "CREATE TABLE kept.t (n UInt32) ENGINE = MergeTree ORDER BY n" });
    await first.insert({ table: "kept.t", values: [{ n: 7 }, { n: 8 }], format: "JSONEachRow" });
    await first.close();
    await server?.close();

    server = await startEmbeddedClickHouse({ dataDir });
    const second = createClient({ url: server.url });
    const query = "SELECT toUInt32(sum(n)) AS s FROM kept.t";
    const result = await second.query({ query, format: "JSONEachRow" });
    expect(await result.json()).toEqual([{ s: 15 }]);
    await second.close();
  }, 60_000);

  it("close() ends the launcher process and frees the port", async () => {
    expect(launcherPids(dataDir)).toHaveLength(1);
    const url = server?.url;
    const started = Date.now();
    await server?.close();
    server = undefined;
    console.info(`embedded ClickHouse stopped in ${Date.now() - started} ms`);
    expect(launcherPids(dataDir)).toEqual([]);
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  }, 60_000);

  it("says python is missing when the interpreter cannot be run", async () => {
    const python = "/nonexistent/python3";
    await expect(startEmbeddedClickHouse({ dataDir, python })).rejects.toThrow(
      /needs Python 3 to run its launcher, and '\/nonexistent\/python3' could not start/,
    );
  });

  it("says which library cannot be loaded, quoting the launcher", async () => {
    const bad = join(dataDir, "no-such-libchdb.so");
    await expect(startEmbeddedClickHouse({ dataDir, library: bad })).rejects.toThrow(
      /stopped before answering \/ping \(exit code 1\).*\n.*cannot load ClickHouse from '.*no-such-libchdb\.so'/,
    );
  });
});

describe("startEmbeddedClickHouse options", () => {
  it.each([
    [{ dataDir: "" }, /dataDir must be a non-empty path/],
    [{ dataDir: "/tmp/x", port: 70_000 }, /port must be an integer 0–65535, got 70000/],
    [{ dataDir: "/tmp/x", port: 1.5 }, /port must be an integer/],
    [{ dataDir: "/tmp/x", python: "" }, /python must be a non-empty command/],
  ])("rejects %j with a TypeError", async (options, message) => {
    const error = await startEmbeddedClickHouse(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(`${error}`).toMatch(message);
  });
});
