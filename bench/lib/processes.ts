import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root (bench/ sits in it). */
export const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * A fresh temp folder for one bench run, open for traversal (0711): run as root, the programs'
 * embedded PostgreSQL runs as `nobody`, who must be able to pass through it to reach its
 * cluster (mkdtemp makes 0700 folders; nothing in it becomes listable or readable).
 */
export function benchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

/** A free loopback port: bind port 0, read it, release it (the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a live process, in bytes (Linux /proc), or 0 once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * A program of ours started as its own OS process (as production runs it), its output in a log
 * file, its RSS sampled every 100 ms so the peak over any window can be read.
 */
export class Program {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  #peak = 0;
  readonly #sampler: NodeJS.Timeout;
  readonly #exited: Promise<number | null>;

  /**
   * `discardStdout` for programs that log every request (the gateway's pino lines): they still
   * pay for writing them, as in production, but the bench keeps no gigabytes of logs. Output goes
   * straight to a file descriptor, so the bench process spends no CPU relaying it.
   */
  constructor(
    name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    logDir: string,
    opts: { discardStdout?: boolean } = {},
  ) {
    this.name = name;
    this.log = join(logDir, `${name}.log`);
    const fd = openSync(this.log, "a");
    const stdout = opts.discardStdout ? "ignore" : fd;
    this.child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", stdout, fd] });
    closeSync(fd);
    this.#exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.#sampler = setInterval(() => {
      this.#peak = Math.max(this.#peak, rssBytes(this.pid));
    }, 100);
    this.#sampler.unref();
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Starts a new peak window; returns the peak of the window that just ended. */
  resetPeak(): number {
    const peak = Math.max(this.#peak, rssBytes(this.pid));
    this.#peak = 0;
    return peak;
  }

  /** The peak RSS of the current window, in bytes. */
  get peakRss(): number {
    return Math.max(this.#peak, rssBytes(this.pid));
  }

  /** Polls `url` until it answers 2xx (or the process dies, or `timeoutMs` passes). */
  async ready(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.#exited.then(() => {
      exited = true;
    });
    while (Date.now() < deadline && !exited) {
      const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not become ready at ${url}; see ${this.log}`);
  }

  /** SIGTERM (the programs drain and exit; --cpu-prof is written then), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    clearInterval(this.#sampler);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

/** `node --import tsx <file>`: how the bench's own helper servers run. */
export const tsxArgs = (file: string, nodeFlags: string[] = []) => [
  ...nodeFlags,
  "--import",
  "tsx",
  join(ROOT, file),
];

/**
 * `node bin/cpod.js <command>`: exactly how the programs run in production; `root` is another
 * tree's (the tracing rows' pre-tracing baseline), default this one.
 */
export const cpodArgs = (command: string, nodeFlags: string[] = [], root = ROOT) => [
  ...nodeFlags,
  join(root, "bin/cpod.js"),
  command,
];
