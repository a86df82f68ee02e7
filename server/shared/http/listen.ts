import type { FastifyInstance } from "fastify";
import type { ConfigErrorFactory } from "../../../lib/master-key.js";

/** Where a program listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Parses `host:port` (IPv6 in brackets) read from the variable `name`; a bad value throws
 * `configError(…)`, one clear line naming the variable, as the calling program's own class.
 *
 * @example
 *   parseHostPort("CPOD_GATEWAY_ADDR", "[::1]:8000", (m) => new ConfigError(m));
 */
export function parseHostPort(
  name: string,
  value: string,
  configError: ConfigErrorFactory,
): ListenAddress {
  const match = value.match(/^\[([^\]]+)\]:(\d{1,5})$/) ?? value.match(/^([^:]+):(\d{1,5})$/);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) throw configError(`${name}=${value} is not host:port`);
  return { host: match[1], port };
}

/**
 * The listen-and-wait part of a program's main: builds the app, listens on `address` (parsed
 * from the program's config), and closes gracefully (in-flight requests finish) on SIGINT or
 * SIGTERM.
 */
export async function listenUntilSignal(opts: {
  program: string;
  address: ListenAddress;
  build: () => Promise<FastifyInstance>;
}): Promise<number> {
  let app: FastifyInstance;
  try {
    app = await opts.build();
    // A copy: fastify's listen() writes into its options object, and configs are frozen.
    await app.listen({ host: opts.address.host, port: opts.address.port });
  } catch (error) {
    // Bad settings and unreachable stores alike: one line naming the cause, no stack trace.
    console.error(`${opts.program}: cannot start: ${(error as Error).message}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await app.close();
  return 0;
}
