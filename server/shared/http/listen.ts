import type { FastifyInstance } from "fastify";

/** Parses `host:port` from an env var; a bad value is one clear line naming the variable. */
export function parseHostPort(name: string, value: string): { host: string; port: number } {
  const match = value.match(/^\[([^\]]+)\]:(\d{1,5})$/) ?? value.match(/^([^:]+):(\d{1,5})$/);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535) throw new Error(`${name}=${value} is not host:port`);
  return { host: match[1], port };
}

/**
 * The listen-and-wait part of a program's main: builds the app, listens on the address from its
 * env var, and closes gracefully (in-flight requests finish) on SIGINT or SIGTERM.
 */
export async function listenUntilSignal(opts: {
  program: string;
  addressVar: string;
  defaultAddress: string;
  build: () => Promise<FastifyInstance>;
}): Promise<number> {
  let address: { host: string; port: number };
  try {
    address = parseHostPort(opts.addressVar, process.env[opts.addressVar] ?? opts.defaultAddress);
  } catch (error) {
    console.error(`${opts.program}: ${(error as Error).message}`);
    return 2;
  }
  let app: FastifyInstance;
  try {
    app = await opts.build();
    await app.listen(address);
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
