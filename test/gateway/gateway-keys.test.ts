// The gateway derives its cursor and presign keys from the installation master key
// (lib/key-derivation.ts): CPOD_MASTER_KEY when set, else the <dataDir>/master.key every
// program shares — no cursor.key or presign.key of its own.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deriveKey } from "../../lib/key-derivation.js";
import { loadOrCreateMasterKey } from "../../lib/master-key.js";
import { openGatewayPorts } from "../../server/gateway/adapters/open-gateway-ports.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";

describe("gateway keys", () => {
  it("without CPOD_MASTER_KEY: derived from the shared <dataDir>/master.key", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-keys-"));
    const ports = await openGatewayPorts(loadGatewayConfig({ CPOD_DATA_DIR: dataDir }));
    try {
      const master = await loadOrCreateMasterKey(dataDir, (m) => new Error(m));
      expect(ports.listCursorKey).toEqual(deriveKey(master, "gatewayListCursor"));
      expect(ports.files.presigned?.presignKey).toEqual(deriveKey(master, "gatewayFilePresign"));
      expect(existsSync(join(dataDir, "cursor.key"))).toBe(false);
      expect(existsSync(join(dataDir, "presign.key"))).toBe(false);
    } finally {
      await ports.close();
    }
  }, 120_000);

  it("with CPOD_MASTER_KEY: derived from it, and no key file is written", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-keys-"));
    const master = Buffer.alloc(32, 9);
    const env = { CPOD_DATA_DIR: dataDir, CPOD_MASTER_KEY: master.toString("base64") };
    const ports = await openGatewayPorts(loadGatewayConfig(env));
    try {
      expect(ports.listCursorKey).toEqual(deriveKey(master, "gatewayListCursor"));
      expect(ports.files.presigned?.presignKey).toEqual(deriveKey(master, "gatewayFilePresign"));
      expect(existsSync(join(dataDir, "master.key"))).toBe(false);
    } finally {
      await ports.close();
    }
  }, 120_000);
});
