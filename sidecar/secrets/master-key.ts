import * as shared from "../../lib/master-key.js";
import { ConfigError } from "../config.js";

// The sidecar's view of the shared master-key code (lib/master-key.ts): the same file and
// format as the control plane's, with failures as the sidecar's ConfigError.
export { MASTER_KEY_BYTES, MASTER_KEY_FILE, masterKeyId as keyIdOf } from "../../lib/master-key.js";

const configError = (message: string) => new ConfigError(message);

/** 32 bytes from hex or base64; anything else is a ConfigError naming `source`. */
export function parseMasterKey(value: string, source: string): Buffer {
  return shared.parseMasterKey(value, source, configError);
}

/** The embedded/dev key: `<dataDir>/master.key`, created once and reused. */
export function loadOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  return shared.loadOrCreateMasterKey(dataDir, configError);
}
