import { createHash, randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

// The installation master key, shared by the control plane (sealing signing keys) and the sidecar
// (sealing secrets). lib/ holds code both programs need and neither owns; it imports neither.

/** AES-256 needs exactly 32 bytes of key material. */
export const MASTER_KEY_BYTES = 32;

/**
 * The file the dev/embedded mode keeps its generated key in, under `CPOD_DATA_DIR`. One name and
 * format for every program, so programs sharing a data dir share one installation key.
 */
export const MASTER_KEY_FILE = "master.key";

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one `=`; the URL-safe alphabet is accepted too.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/** Builds the program's own configuration error (each main.ts recognises only its own class). */
export type ConfigErrorFactory = (message: string) => Error;

/**
 * Decodes 32 bytes given as 64 hex characters or base64 (standard or URL-safe). Anything else
 * throws `configError(…)` naming `source` and never echoing the value, so a mistyped key does
 * not end up in a terminal or a log.
 *
 * @example
 *   parseMasterKey(process.env.CPOD_MASTER_KEY ?? "", "CPOD_MASTER_KEY", (m) => new Error(m));
 */
export function parseMasterKey(
  value: string,
  source: string,
  configError: ConfigErrorFactory,
): Buffer {
  const text = value.trim();
  const key = HEX_KEY.test(text)
    ? Buffer.from(text, "hex")
    : BASE64_KEY.test(text)
      ? Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64")
      : undefined;
  if (key?.length !== MASTER_KEY_BYTES) {
    throw configError(
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
export function masterKeyId(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/**
 * Reads `<dir>/<name>`, or creates it once with `content()` (mode 0600). The file is written
 * privately and hard-linked into place: the link fails if another process got there first, so
 * two instances starting together never overwrite each other nor read a half-written file.
 * Returns the file's text.
 *
 * @example
 *   const text = await loadOrCreateSecretFile(".cpod", "admin.token", () => "…\n");
 */
export async function loadOrCreateSecretFile(
  dir: string,
  name: string,
  content: () => string,
): Promise<string> {
  const path = join(dir, name);
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, content(), { mode: 0o600, flag: "wx" });
  try {
    await chmod(tmp, 0o600); // a umask only removes bits, but the mode is the point: be explicit
    await link(tmp, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return readFile(path, "utf8");
}

/**
 * The dev/embedded master key: `<dataDir>/master.key`, created once (32 random bytes) and reused
 * on every later start, so what a previous run sealed still opens.
 *
 * @example
 *   const key = await loadOrCreateMasterKey(".cpod", (m) => new Error(m));
 */
export async function loadOrCreateMasterKey(
  dataDir: string,
  configError: ConfigErrorFactory,
): Promise<Buffer> {
  const text = await loadOrCreateSecretFile(
    dataDir,
    MASTER_KEY_FILE,
    () => `${randomBytes(MASTER_KEY_BYTES).toString("base64")}\n`,
  );
  return parseMasterKey(text, join(dataDir, MASTER_KEY_FILE), configError);
}
