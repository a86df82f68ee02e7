import { createHash, randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../config.js";

/** AES-256 needs exactly 32 bytes of key material. */
export const MASTER_KEY_BYTES = 32;

/** The file the embedded/dev mode keeps its generated key in, under `CPOD_DATA_DIR`. */
export const MASTER_KEY_FILE = "master.key";

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one `=`; the URL-safe alphabet is accepted too.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Decodes 32 bytes of key material given as 64 hex characters or as base64 (standard or
 * URL-safe). Anything else throws a ConfigError naming `source`, never echoing the value, so a
 * mistyped key does not end up in a terminal or a log.
 *
 * @example
 *   parseMasterKey(process.env.CPOD_MASTER_KEY ?? "", "CPOD_MASTER_KEY");
 */
export function parseMasterKey(value: string, source: string): Buffer {
  const text = value.trim();
  const key = HEX_KEY.test(text)
    ? Buffer.from(text, "hex")
    : BASE64_KEY.test(text)
      ? Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64")
      : undefined;
  if (key?.length !== MASTER_KEY_BYTES) {
    throw new ConfigError(
      `${source} must be 32 bytes given as base64 (44 characters) or hex (64 characters); ` +
        "generate one with `openssl rand -base64 32`",
    );
  }
  return key;
}

/**
 * A key's public name: the first 16 hex characters of its SHA-256. Stored next to every
 * ciphertext so the right key of a keyring can be picked after a rotation; it reveals nothing
 * usable about a 256-bit random key.
 */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/**
 * The embedded/dev key: `<dataDir>/master.key`, created once (mode 0600, 32 random bytes) and
 * reused on every later start, so secrets stored by a previous run still decrypt.
 *
 * @example
 *   const key = await loadOrCreateKeyFile(".cpod");
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, MASTER_KEY_FILE);
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) return parseMasterKey(existing, path);
  await createKeyFile(dataDir, path);
  return parseMasterKey(await readFile(path, "utf8"), path);
}

/**
 * Writes a private temporary file and hard-links it into place: the link fails if another
 * process got there first, so two instances starting together never overwrite each other's key
 * nor read a half-written file.
 */
async function createKeyFile(dataDir: string, path: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const content = `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`;
  await writeFile(tmp, content, { mode: 0o600, flag: "wx" });
  try {
    await chmod(tmp, 0o600); // a umask only removes bits, but the mode is the point: be explicit
    await link(tmp, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
