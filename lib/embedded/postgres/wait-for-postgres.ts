import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/** Where and as whom to reach a server. */
export interface PostgresAddress {
  port: number;
  user: string;
  password: string;
}

/** SQLSTATEs a server that is still starting (or recovering after a crash) answers with. */
const NOT_YET = new Set(["57P03"]);

/** One connection attempt: undefined when it worked, else why not and whether to retry. */
async function tryConnect(
  address: PostgresAddress,
): Promise<{ error: unknown; retry: boolean } | undefined> {
  const client = new pg.Client({
    host: "127.0.0.1",
    database: "postgres",
    ...address,
    connectionTimeoutMillis: 1_000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    return { error, retry: NOT_YET.has(code) || !/^[0-9A-Z]{5}$/.test(code) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits until the server answers a query as `address.user`, for at most `timeoutMs`, or until
 * `gone()` says its process exited. Connection refusals and "starting up" are waited out; any
 * other answer from the server (a wrong password) is final. Returns the last failure, or
 * undefined once ready.
 *
 * @example
 *   const failure = await waitForPostgres({ port, user, password }, 30_000, () => exited);
 */
export async function waitForPostgres(
  address: PostgresAddress,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = new Error("timed out");
  for (let pause = 20; Date.now() < deadline && !gone(); pause = Math.min(pause * 2, 250)) {
    const outcome = await tryConnect(address);
    if (!outcome) return undefined;
    last = outcome.error;
    if (!outcome.retry) return last;
    await sleep(pause);
  }
  return gone() ? new Error("the server exited") : last;
}
