import { listenUntilSignal } from "../shared/http/listen.js";
import { loggerOptions } from "../shared/http/logging.js";
import { gatewayFromEnv } from "./app.js";

/** `cpod gateway`: reads CPOD_* env, listens, closes gracefully on SIGINT/SIGTERM. */
export async function main(_argv: string[]): Promise<number> {
  return listenUntilSignal({
    program: "cpod gateway",
    addressVar: "CPOD_GATEWAY_ADDR",
    defaultAddress: "127.0.0.1:8000",
    build: () =>
      gatewayFromEnv(process.env, {
        logger: loggerOptions("gateway", process.env.CPOD_LOG_LEVEL),
      }),
  });
}
