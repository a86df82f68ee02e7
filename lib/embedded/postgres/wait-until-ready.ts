import { setTimeout as sleep } from "node:timers/promises";
import { livePostmaster, type Postmaster } from "./postmaster-pid.js";

/**
 * Waits until the server on `dataDir` says it accepts connections — the status line of its
 * `postmaster.pid` reads `ready`, which is how `pg_ctl -w` waits too, with no driver and no
 * credentials — for at most `timeoutMs`, or until `gone()` says its process exited. Returns the
 * server once ready, else undefined.
 *
 * @example
 *   const ready = await waitUntilReady(dir, 60_000, server.exited);
 */
export async function waitUntilReady(
  dataDir: string,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<Postmaster | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 10; Date.now() < deadline && !gone(); pause = Math.min(pause * 2, 200)) {
    const running = livePostmaster(dataDir);
    if (running?.status === "ready") return running;
    await sleep(pause);
  }
  return undefined;
}
