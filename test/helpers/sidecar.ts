import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSidecarConfig, type SidecarConfig } from "../../sidecar/config.js";

/**
 * A sidecar config for tests: free ports on loopback, a fresh data dir, embedded stores unless
 * the caller passes store URLs in `env`.
 */
export function testSidecarConfig(env: Record<string, string> = {}): SidecarConfig {
  return loadSidecarConfig({
    CORESDK_LISTEN_ADDR: "127.0.0.1:0",
    CORESDK_METRICS_ADDR: "127.0.0.1:0",
    CPOD_DATA_DIR: mkdtempSync(join(tmpdir(), "cpod-sidecar-")),
    ...env,
  });
}

/** The compiled default policy bundle. */
export const POLICY_BUNDLE = new URL("../../gen/policy/authz.wasm", import.meta.url).pathname;
