import { buildSidecar } from "./app.js";
import { ConfigError, loadSidecarConfig } from "./config.js";
import { listenSidecar } from "./server/http2-server.js";
import { sidecarRoutes } from "./services/registry.js";

/** `cpod sidecar`: reads CORESDK_* env, listens on loopback, drains on SIGINT/SIGTERM. */
export async function main(_argv: string[]): Promise<number> {
  let config: ReturnType<typeof loadSidecarConfig>;
  try {
    config = loadSidecarConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`cpod sidecar: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const sidecar = await buildSidecar(config);
  const server = await listenSidecar({
    routes: sidecarRoutes(sidecar.implementations),
    listen: config.listen,
    tls: config.tls,
  });
  const shown = server.address.host.includes(":")
    ? `[${server.address.host}]`
    : server.address.host;
  console.log(
    `cpod sidecar: listening on ${shown}:${server.address.port} (gRPC, gRPC-Web, Connect)`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  await sidecar.close();
  return 0;
}
