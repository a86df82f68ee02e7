import { type ChildProcess, spawn } from "node:child_process";

/** How much of the launcher's output an error message quotes. */
const TAIL_BYTES = 4_096;

/**
 * One running `launcher.py`: keeps the tail of its output (ClickHouse writes its startup errors
 * to stderr) for error messages, knows when it has exited, and stops it. The pipes are drained
 * continuously, so a chatty server never blocks on a full pipe.
 */
export class LauncherProcess {
  readonly #child: ChildProcess;
  #tail = "";
  #exit: string | undefined;
  /** Settles (never rejects) once the process is gone or could not be started. */
  readonly exited: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#tail = (this.#tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      child.once("error", (error) => {
        this.#exit ??= `could not start: ${error.message}`;
        resolve();
      });
      child.once("exit", (code, signal) => {
        this.#exit ??= signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve();
      });
    });
  }

  /** Spawns `python launcher args...`; a missing interpreter shows up in {@link exitReason}. */
  static spawn(python: string, launcher: string, args: readonly string[]): LauncherProcess {
    return new LauncherProcess(
      spawn(python, [launcher, ...args], { stdio: ["ignore", "pipe", "pipe"] }),
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Why the process is gone (`exit code 1`, `killed by SIGTERM`, …), or undefined if running. */
  get exitReason(): string | undefined {
    return this.#exit;
  }

  /** The last lines the process wrote, trimmed, for an error message. */
  get outputTail(): string {
    return this.#tail.trim();
  }

  /**
   * SIGTERM (ClickHouse cancels its keep-alive query and stops within about a second), then
   * SIGKILL if it is still there after `graceMs`; resolves once the process has exited.
   */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exit !== undefined) return;
    this.#child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === "late") this.#child.kill("SIGKILL");
    await this.exited;
  }
}
