import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { EmbeddedServer } from "../embedded-server.js";
import { loopbackPortIsFree, pickLoopbackPort } from "../loopback-port.js";
import { LauncherProcess } from "./launcher-process.js";
import { LAUNCHER_PATH, locateLibchdb } from "./locate-clickhouse.js";

/** Options of {@link startEmbeddedClickHouse}. */
export interface EmbeddedClickHouseOptions {
  /** Where ClickHouse keeps its databases; created if missing. One server per folder. */
  dataDir: string;
  /** The loopback port to serve HTTP on; 0 or unset picks a free one. */
  port?: number;
  /** The Python 3 interpreter that runs launcher.py; default `python3` on the PATH. */
  python?: string;
  /** ClickHouse's engine library; default: the `libchdb.so` the optional `chdb` package installed. */
  library?: string;
  /** How long to wait for `/ping` to answer; default 30 s. */
  readyTimeoutMs?: number;
}

/** A picked port can be taken by someone else before ClickHouse binds it: pick again this often. */
const PORT_ATTEMPTS = 3;

/**
 * Starts a real ClickHouse HTTP server on 127.0.0.1 — the engine of the `chdb` package run as
 * `clickhouse local` serving HTTP, through lib/embedded/clickhouse/launcher.py (ClickHouse must
 * run on a process's main thread, which Node cannot offer) — and resolves once `/ping` answers.
 * The `default` database uses the Overlay engine: clients create and use their own database.
 *
 * A second start on a data dir whose server still runs rejects (ClickHouse locks the folder and
 * says "Another server instance in same directory is already running") rather than reusing that
 * server: its port and owner are not recorded anywhere trustworthy, and silently sharing a
 * server whose owner may stop it at any moment would only move the failure somewhere later.
 *
 * @example
 *   const server = await startEmbeddedClickHouse({ dataDir: ".cpod/clickhouse" });
 *   const client = createClient({ url: server.url }); // @clickhouse/client
 *   await server.close();
 */
export async function startEmbeddedClickHouse(
  options: EmbeddedClickHouseOptions,
): Promise<EmbeddedServer> {
  const { dataDir, port, python, readyTimeoutMs } = checkOptions(options);
  const library = options.library ?? locateLibchdb();
  await mkdir(dataDir, { recursive: true });
  if (port !== 0 && !(await loopbackPortIsFree(port))) {
    throw new Error(`embedded ClickHouse: 127.0.0.1:${port} is already in use`);
  }
  for (let attempt = 1; ; attempt++) {
    const chosen = port || (await pickLoopbackPort());
    try {
      return await boot({ dataDir, port: chosen, python, library, readyTimeoutMs });
    } catch (error) {
      const retry =
        port === 0 && attempt < PORT_ATTEMPTS && /Address already in use/.test(`${error}`);
      if (!retry) throw error;
    }
  }
}

type BootOptions = Required<EmbeddedClickHouseOptions>;

/** Spawns the launcher on one port and waits for it; stops it again if it never gets ready. */
async function boot(options: BootOptions): Promise<EmbeddedServer> {
  const { dataDir, port, python, library } = options;
  const child = LauncherProcess.spawn(python, LAUNCHER_PATH, [library, dataDir, String(port)]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child, options.readyTimeoutMs, python);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    description: `ClickHouse (chdb's engine, pid ${child.pid}) on ${url}, data in ${dataDir}`,
    close: () => child.stop(),
  };
}

/** Polls `/ping` every 100 ms until it answers `Ok.`; fails at once if the launcher exits. */
async function waitUntilReady(url: string, child: LauncherProcess, ms: number, python: string) {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitReason !== undefined) throw exitedEarly(child, python);
    if (await pings(url)) return;
    if (Date.now() >= until) {
      throw new Error(
        `embedded ClickHouse did not answer ${url}/ping within ${ms} ms; its output:\n${child.outputTail}`,
      );
    }
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 100))]);
  }
}

/** The error for a launcher that is gone before answering: which program, why, its output. */
function exitedEarly(child: LauncherProcess, python: string): Error {
  const reason = child.exitReason ?? "";
  if (reason.startsWith("could not start")) {
    return new Error(
      `embedded ClickHouse needs Python 3 to run its launcher, and '${python}' ${reason} (install python3, or pass its path as the 'python' option)`,
    );
  }
  return new Error(
    `embedded ClickHouse stopped before answering /ping (${reason}); its output:\n${child.outputTail}`,
  );
}

/** True when a ClickHouse HTTP server answers `GET /ping` at `url`. */
async function pings(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1_000) });
    return response.ok && (await response.text()) === "Ok.\n";
  } catch {
    return false;
  }
}

/** Defaults applied; a TypeError names the first bad option (misuse, not a runtime failure). */
function checkOptions(options: EmbeddedClickHouseOptions) {
  const { dataDir, port = 0, python = "python3", readyTimeoutMs = 30_000 } = options;
  if (typeof dataDir !== "string" || dataDir.trim() === "") {
    throw new TypeError("startEmbeddedClickHouse: dataDir must be a non-empty path");
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`startEmbeddedClickHouse: port must be an integer 0–65535, got ${port}`);
  }
  if (typeof python !== "string" || python === "") {
    throw new TypeError("startEmbeddedClickHouse: python must be a non-empty command or path");
  }
  if (!Number.isInteger(readyTimeoutMs) || readyTimeoutMs <= 0) {
    throw new TypeError(`startEmbeddedClickHouse: readyTimeoutMs must be a positive integer`);
  }
  return { dataDir: resolve(dataDir), port, python, readyTimeoutMs };
}
