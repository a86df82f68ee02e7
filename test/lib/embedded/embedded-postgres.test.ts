// The embedded PostgreSQL launcher (lib/embedded/postgres): real binaries from npm, one server
// per data dir shared within a process, reused across processes, password-protected, durable.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { EmbeddedServer } from "../../../lib/embedded/embedded-server.js";
import { ensureEmbeddedPostgres } from "../../../lib/embedded/postgres/embedded-postgres.js";
import { livePostmaster } from "../../../lib/embedded/postgres/postmaster-pid.js";

/** A cluster folder in a private (0700) data dir, as cpod makes `CPOD_DATA_DIR`. */
function clusterDir(): string {
  return join(mkdtempSync(join(tmpdir(), "cpod-embedded-pg-")), "postgres");
}

async function query<R>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(text)).rows as R[];
  } finally {
    await client.end();
  }
}

const opened: EmbeddedServer[] = [];
async function ensure(dataDir: string): Promise<EmbeddedServer> {
  const server = await ensureEmbeddedPostgres({ dataDir });
  opened.push(server);
  return server;
}
afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
});

describe("ensureEmbeddedPostgres", () => {
  it("initialises and starts a server on loopback that the pg driver queries", async () => {
    const server = await ensure(clusterDir());
    expect(server.url).toMatch(/^postgres:\/\/cpod:[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(server.description).toMatch(/^embedded postgres \(.*postgres\)$/);
    const [row] = await query<{ v: string; sockets: string }>(
      server.url,
      "SELECT version() AS v, current_setting('unix_socket_directories') AS sockets",
    );
    expect(row?.v).toMatch(/^PostgreSQL 18/);
    expect(row?.sockets).toBe(""); // no socket other local users could reach
  });

  it("shares one server between the calls of a process; the last close stops it", async () => {
    const dir = clusterDir();
    const first = await ensureEmbeddedPostgres({ dataDir: dir });
    const second = await ensureEmbeddedPostgres({ dataDir: dir });
    expect(second.url).toBe(first.url);
    await first.close();
    expect(await query(second.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await second.close();
    expect(livePostmaster(dir)).toBeUndefined();
    await expect(query(first.url, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("keeps the data across a close and a new start", async () => {
    const dir = clusterDir();
    const first = await ensureEmbeddedPostgres({ dataDir: dir });
    await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    await first.close();
    const again = await ensure(dir);
    expect(await query(again.url, "SELECT v FROM kept")).toEqual([{ v: "survives" }]);
  });

  it("refuses a wrong password", async () => {
    const server = await ensure(clusterDir());
    const wrong = new URL(server.url);
    wrong.password = "not-the-password";
    await expect(query(wrong.href, "SELECT 1")).rejects.toMatchObject({ code: "28P01" });
  });

  it("lets a second process use the running server and leaves it running", async () => {
    const dir = clusterDir();
    const server = await ensure(dir);
    const fixture = new URL("./fixtures/ensure-postgres.ts", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--import",
      "tsx",
      fixture,
      dir,
    ]);
    expect(stdout.trim()).toBe(server.url); // the same server, not a second one
    expect(await query(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("stops the server when the process that started it is killed (SIGKILL: no exit hook)", async () => {
    const dir = clusterDir();
    const fixture = new URL("./fixtures/start-postgres-and-hang.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, ["--import", "tsx", fixture, dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const pid = Number(line.toString().trim());
    expect(livePostmaster(dir)?.pid).toBe(pid);
    child.kill("SIGKILL");
    // Not a timing bound: a generous deadline for an event that must happen.
    for (let waited = 0; livePostmaster(dir) !== undefined; waited += 100) {
      if (waited > 60_000) throw new Error(`postgres ${pid} outlived its killed parent`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 90_000);

  describe.runIf(process.getuid?.() === 0)("as root (postgres runs as nobody)", () => {
    it("lets only nobody's group through a private data dir: 0710, never 0711", async () => {
      const dir = clusterDir();
      await ensure(dir);
      const parent = statSync(dirname(dir));
      expect(parent.mode & 0o777).toBe(0o710);
      expect(parent.uid).toBe(0);
      expect(statSync(dir).uid).not.toBe(0); // the cluster belongs to the server user
    });

    it("says what to do when a folder further up is closed to nobody", async () => {
      const closed = mkdtempSync(join(tmpdir(), "cpod-embedded-pg-")); // 0700, like /root
      const dataDir = join(closed, "home", "postgres");
      mkdirSync(dirname(dataDir));
      await expect(ensureEmbeddedPostgres({ dataDir })).rejects.toMatchObject({
        code: "data_dir_unreachable",
        message: expect.stringContaining("CPOD_DATA_DIR"),
      });
      expect(statSync(closed).mode & 0o777).toBe(0o700); // folders above are never changed
    });
  });
});
