// A private redis-server for tests that must stop Redis or flush its script cache: never the
// shared one from scripts/services.sh, which other suites (and the lead) rely on.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { freePort } from "../../helpers/private-server.js";

/**
 * Whether `redis-server` is installed. Locally its absence skips these suites; under CI=true it
 * fails them (see test/helpers/services.ts: CI must not pass by skipping).
 */
export const hasRedisServer =
  spawnSync("redis-server", ["--version"]).status === 0 || process.env.CI === "true";

/** A redis-server this test started and alone may stop. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills this process (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `redis-server` on `port` (a free one by default), without persistence. */
export async function startRedis(port?: number): Promise<ThrowawayRedis> {
  const p = port ?? (await freePort());
  const args = ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await ready(child);
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
  };
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
}
