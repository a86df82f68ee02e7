import { listenUntilSignal } from "../shared/http/listen.js";
import { buildControlPlane } from "./app.js";

/** `cpod control-plane`: reads CPOD_* env, listens (internal only), closes on SIGINT/SIGTERM. */
export async function main(_argv: string[]): Promise<number> {
  return listenUntilSignal({
    program: "cpod control-plane",
    addressVar: "CPOD_CONTROL_PLANE_ADDR",
    defaultAddress: "127.0.0.1:8080",
    build: () => buildControlPlane({ logger: true }),
  });
}
