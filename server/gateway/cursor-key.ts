import { createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Decodes a 32-byte key given as hex or base64; anything else names the variable. */
function decodeKey(name: string, value: string): Buffer {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : Buffer.from(value, "base64");
  if (bytes.length !== 32) throw new Error(`${name} must be 32 bytes, hex or base64`);
  return bytes;
}

/**
 * The HMAC key for entity cursors. Every replica must derive the same one, or a cursor from one
 * replica is "forged" on the next: it is derived from `CPOD_MASTER_KEY` (a purpose-bound HMAC, so
 * the master key itself never signs cursors), else read from `<dataDir>/cursor.key`, which the
 * first start creates (0600, exclusive create so two starts cannot write different keys).
 *
 * @example
 *   const key = await cursorKey({ masterKey: process.env.CPOD_MASTER_KEY, dataDir: ".cpod" });
 */
export async function cursorKey(opts: { masterKey?: string; dataDir: string }): Promise<Buffer> {
  if (opts.masterKey) {
    const master = decodeKey("CPOD_MASTER_KEY", opts.masterKey);
    return createHmac("sha256", master).update("cpod/entity-cursor/v1").digest();
  }
  const file = join(opts.dataDir, "cursor.key");
  await mkdir(opts.dataDir, { recursive: true });
  await writeFile(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
  return decodeKey(file, (await readFile(file, "utf8")).trim());
}
