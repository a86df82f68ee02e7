import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey, type Purpose } from "../../lib/key-derivation.js";
import { keyIdOf, loadOrCreateKeyFile, MASTER_KEY_BYTES, parseMasterKey } from "./master-key.js";

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12; // 96 bits: GCM's native nonce size
const TAG_BYTES = 16;
// Versioned so the AAD layout can change later without ambiguity.
const AAD_LABEL = "cpod.secret.v1";

/**
 * One encrypted value as stored: which key sealed it, its fresh IV, the GCM tag and the
 * ciphertext. Holds no plaintext, so it is safe to persist and to pass around.
 */
export interface SealedSecret {
  keyId: string;
  iv: Uint8Array;
  tag: Uint8Array;
  ciphertext: Uint8Array;
}

/**
 * The row a ciphertext belongs to. It is authenticated as AAD, so a ciphertext copied into
 * another tenant's or another name's row fails to decrypt instead of yielding that value.
 */
export interface SecretContext {
  tenantId: string;
  name: string;
}

/** Decryption refused: unknown key, or a tampered/mis-bound ciphertext. Never carries values. */
export class SecretCipherError extends Error {
  override readonly name = "SecretCipherError";
}

interface Key {
  id: string;
  bytes: Buffer;
}

function toKey(bytes: Uint8Array): Key {
  if (bytes.length !== MASTER_KEY_BYTES)
    throw new TypeError("SecretCipher: a key must be 32 bytes");
  return { id: keyIdOf(bytes), bytes: Buffer.from(bytes) };
}

function aad({ tenantId, name }: SecretContext): Buffer {
  // JSON keeps the parts unambiguous whatever characters they hold.
  return Buffer.from(JSON.stringify([AAD_LABEL, tenantId, name]), "utf8");
}

/**
 * AES-256-GCM for secret values at rest, over a keyring: the current key encrypts, the current
 * and any previous keys decrypt (picked by the key id stored with each ciphertext). Rotating
 * means configuring a new current key and keeping the old one as previous until every row has
 * been re-sealed (`needsReseal` / `reseal`).
 *
 * @example
 *   const cipher = await SecretCipher.fromConfig(process.env.CPOD_MASTER_KEY, ".cpod");
 *   const sealed = cipher.encrypt("s3cr3t", { tenantId: "acme", name: "stripe" });
 *   cipher.decrypt(sealed, { tenantId: "acme", name: "stripe" }); // "s3cr3t"
 */
export class SecretCipher {
  readonly #current: Key;
  readonly #keys: ReadonlyMap<string, Key>;

  private constructor(current: Key, previous: readonly Key[]) {
    this.#current = current;
    this.#keys = new Map([...previous, current].map((k) => [k.id, k]));
  }

  /**
   * The sidecar's cipher: `masterKey` is `CPOD_MASTER_KEY` (32 bytes as base64 or hex); when
   * unset (embedded/dev) the key is `<dataDir>/master.key`, created once. `previousKeys` are
   * retired keys (same encoding) still needed to decrypt rows sealed before a rotation.
   * Throws a ConfigError naming the variable, never the value.
   */
  static async fromConfig(
    masterKey: string | undefined,
    dataDir: string,
    previousKeys: readonly string[] = [],
  ): Promise<SecretCipher> {
    const current = masterKey
      ? parseMasterKey(masterKey, "CPOD_MASTER_KEY")
      : await loadOrCreateKeyFile(dataDir);
    const previous = previousKeys.map((k) => parseMasterKey(k, "CPOD_MASTER_KEY_PREVIOUS"));
    return SecretCipher.fromKeys(current, previous);
  }

  /** A cipher over raw 32-byte keys: `current` encrypts, all of them decrypt. */
  static fromKeys(current: Uint8Array, previous: readonly Uint8Array[] = []): SecretCipher {
    return new SecretCipher(toKey(current), previous.map(toKey));
  }

  /** The same keyring with `next` as the current key and today's current key kept as previous. */
  rotatedTo(next: Uint8Array): SecretCipher {
    const previous = [...this.#keys.values()].filter((k) => k.id !== keyIdOf(next));
    return new SecretCipher(toKey(next), previous);
  }

  /** The id of the key new ciphertexts are sealed with. */
  get keyId(): string {
    return this.#current.id;
  }

  /**
   * A 32-byte key for another purpose (e.g. signing audit cursors), derived from the current
   * master key by lib/key-derivation.ts, the one derivation all three programs share, so one
   * configured secret serves every replica. Secrets themselves are sealed with the master key.
   */
  deriveKey(purpose: Purpose): Buffer {
    return deriveKey(this.#current.bytes, purpose);
  }

  /** Every key id this cipher can decrypt. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Seals `plaintext` for one row with the current key and a fresh random 96-bit IV. */
  encrypt(plaintext: string, context: SecretContext): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return { keyId: this.#current.id, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** Opens a sealed value of one row; throws SecretCipherError rather than returning garbage. */
  decrypt(sealed: SealedSecret, context: SecretContext): string {
    const key = this.#keys.get(sealed.keyId);
    if (!key) throw new SecretCipherError(`secret was sealed with unknown key ${sealed.keyId}`);
    if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
      throw new SecretCipherError("secret ciphertext is malformed");
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key.bytes, sealed.iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(aad(context));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
    } catch (error) {
      throw new SecretCipherError("secret ciphertext failed authentication", { cause: error });
    }
  }

  /** True when `sealed` was made with a key other than the current one. */
  needsReseal(sealed: SealedSecret): boolean {
    return sealed.keyId !== this.#current.id;
  }

  /** Decrypts with whichever key sealed it and re-encrypts with the current key. */
  reseal(sealed: SealedSecret, context: SecretContext): SealedSecret {
    return this.encrypt(this.decrypt(sealed, context), context);
  }
}
