import * as shared from "../../../lib/master-key.js";
import { ConfigError } from "../config-error.js";

// The control plane's view of the shared master-key code (lib/master-key.ts): the same file
// and format as the sidecar's, with failures as the control plane's ConfigError.
export {
  loadOrCreateSecretFile,
  MASTER_KEY_BYTES,
  MASTER_KEY_FILE,
  masterKeyId,
} from "../../../lib/master-key.js";

const configError = (message: string) => new ConfigError(message);

/** 32 bytes from hex or base64; anything else is a ConfigError naming `source`. */
export function parseMasterKey(value: string, source: string): Buffer {
  return shared.parseMasterKey(value, source, configError);
}

/** `<dataDir>/master.key`, created once and reused. */
export function loadOrCreateMasterKey(dataDir: string): Promise<Buffer> {
  return shared.loadOrCreateMasterKey(dataDir, configError);
}
