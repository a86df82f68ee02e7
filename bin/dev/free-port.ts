import { createServer } from "node:net";

/**
 * A port the OS reports free on `host` right now. `cpod dev` needs the gateway's and control
 * plane's ports before it builds them (the token issuer and JWKS URL name them), so a `:0` in
 * `CPOD_GATEWAY_ADDR`/`CPOD_CONTROL_PLANE_ADDR` is resolved here first. Another process could
 * take the port in between; `listen` then fails loudly, which is fine for a dev/test tool.
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
