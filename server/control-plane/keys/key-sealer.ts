import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SealedBlob } from "../store/control-plane-store.js";
import { MASTER_KEY_BYTES, masterKeyId } from "./master-key.js";

/** A sealed value cannot be opened: another master key sealed it, or it was tampered with. */
export class SealError extends Error {
  override readonly name = "SealError";
}

/**
 * AES-256-GCM with the installation's master key (`CPOD_MASTER_KEY`). A fresh 96-bit IV per
 * seal; the `context` (e.g. the signing key's kid) is bound as additional authenticated data, so
 * a ciphertext copied onto another row does not open.
 *
 * @example
 *   const sealer = new KeySealer(masterKey);
 *   const blob = sealer.seal(pkcs8, "signing-key:k_01…");
 */
export class KeySealer {
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== MASTER_KEY_BYTES) {
      throw new TypeError(`KeySealer: the master key must be ${MASTER_KEY_BYTES} bytes`);
    }
    this.#key = Buffer.from(masterKey);
    this.keyId = masterKeyId(masterKey);
  }

  seal(plaintext: Uint8Array, context: string): SealedBlob {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.keyId, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  open(blob: SealedBlob, context: string): Buffer {
    if (blob.keyId !== this.keyId) {
      throw new SealError(
        `sealed with master key ${blob.keyId}, but CPOD_MASTER_KEY is ${this.keyId}; ` +
          "start with the master key this database was created with",
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, blob.iv);
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(blob.tag);
      return Buffer.concat([decipher.update(blob.ciphertext), decipher.final()]);
    } catch (error) {
      throw new SealError(`sealed value for ${context} does not authenticate`, { cause: error });
    }
  }
}
