import { createServer } from "node:net";

/** Binds 127.0.0.1:`port` (0: any) for a moment; resolves the bound port, or undefined if taken. */
function bindOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A loopback port nobody listens on now, chosen by the kernel, for the embedded servers (PostgreSQL,
 * ClickHouse). Another process may take it
 * before the server binds it; callers retry on "address in use" rather than trust it blindly.
 */
export async function pickLoopbackPort(): Promise<number> {
  const port = await bindOnce(0);
  if (port === undefined) throw new Error("no free loopback port: binding 127.0.0.1:0 failed");
  return port;
}

/** True when 127.0.0.1:`port` can be bound, i.e. no server listens there. */
export async function loopbackPortIsFree(port: number): Promise<boolean> {
  return (await bindOnce(port)) !== undefined;
}
