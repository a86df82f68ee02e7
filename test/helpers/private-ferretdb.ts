// A FerretDB of a test's own (SQLite backend in a temp dir, free ports), for outage tests: the
// shared one from scripts/services.sh is never stopped. Skipped where the binary is not built.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";

/** Where scripts/services.sh builds the binary. */
export const FERRETDB_BIN = join(homedir(), ".cache/cpod-services/bin/ferretdb");

/** True when the binary exists, so a suite can `describe.skipIf(!hasFerretDb())`. */
export const hasFerretDb = () => existsSync(FERRETDB_BIN);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running private FerretDB: its URL, and stop/start that keep the data directory. */
export interface PrivateFerretDb {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a private FerretDB and resolves once it answers `ping`. */
export async function startPrivateFerretDb(dbName: string): Promise<PrivateFerretDb> {
  const dir = mkdtempSync(join(tmpdir(), "cpod-ferret-"));
  const [port, debug] = [await freePort(), await freePort()];
  const url = `mongodb://127.0.0.1:${port}/${dbName}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      FERRETDB_BIN,
      [
        "--handler=sqlite",
        `--sqlite-url=file:${dir}/data/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--debug-addr=127.0.0.1:${debug}`,
        `--state-dir=${dir}`,
        "--telemetry=disable",
        "--log-level=error",
      ],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 200 });
      try {
        await client.db(dbName).command({ ping: 1 });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await client.close();
      }
    }
    throw new Error("private FerretDB did not start");
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGTERM");
    await exited;
  };
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(dir, "data"), { recursive: true });
  await start();
  return {
    url,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
