// SecretCipher: AES-256-GCM at rest, key ids for rotation, CPOD_MASTER_KEY parsing and the
// embedded master.key file. No network, no clock.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyIdOf, loadOrCreateKeyFile } from "../../../sidecar/secrets/master-key.js";
import {
  type SealedSecret,
  SecretCipher,
  SecretCipherError,
} from "../../../sidecar/secrets/secret-cipher.js";

const ACME = { tenantId: "acme", name: "stripe" };
const K1 = randomBytes(32);
const K2 = randomBytes(32);

/** A copy of `sealed` with one bit of one part flipped. */
function flip(sealed: SealedSecret, part: "iv" | "tag" | "ciphertext"): SealedSecret {
  const bytes = Buffer.from(sealed[part]);
  bytes[0] = (bytes[0] as number) ^ 0x01;
  return { ...sealed, [part]: bytes };
}

describe("SecretCipher", () => {
  const cipher = SecretCipher.fromKeys(K1);

  it("round-trips UTF-8 values, with a fresh 96-bit IV each time", () => {
    const value = "pässwörd 🔑 with\nnewlines";
    const a = cipher.encrypt(value, ACME);
    const b = cipher.encrypt(value, ACME);
    expect(cipher.decrypt(a, ACME)).toBe(value);
    expect(a.iv).toHaveLength(12);
    expect(a.tag).toHaveLength(16);
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  it.each(["iv", "tag", "ciphertext"] as const)("refuses a flipped byte in the %s", (part) => {
    const sealed = cipher.encrypt("value", ACME);
    expect(() => cipher.decrypt(flip(sealed, part), ACME)).toThrow(SecretCipherError);
  });

  it.each([
    ["another tenant", { tenantId: "globex", name: "stripe" }],
    ["another name", { tenantId: "acme", name: "github" }],
    ["a shifted split", { tenantId: "acmes", name: "tripe" }],
  ])("refuses a ciphertext moved to %s (AAD)", (_, context) => {
    const sealed = cipher.encrypt("value", ACME);
    expect(() => cipher.decrypt(sealed, context)).toThrow(/failed authentication/);
  });

  it("records the id of the key that sealed a value", () => {
    const sealed = cipher.encrypt("value", ACME);
    expect(sealed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(sealed.keyId).toBe(keyIdOf(K1));
    expect(cipher.keyId).toBe(keyIdOf(K1));
  });

  it("rotates: the new key encrypts, the old key still decrypts, reseal moves a value over", () => {
    const old = cipher.encrypt("before", ACME);
    const rotated = cipher.rotatedTo(K2);
    expect(rotated.keyIds.sort()).toEqual([keyIdOf(K1), keyIdOf(K2)].sort());
    expect(rotated.decrypt(old, ACME)).toBe("before");
    const fresh = rotated.encrypt("after", ACME);
    expect(fresh.keyId).toBe(keyIdOf(K2));
    expect(rotated.needsReseal(old)).toBe(true);
    expect(rotated.needsReseal(fresh)).toBe(false);
    const moved = rotated.reseal(old, ACME);
    expect(moved.keyId).toBe(keyIdOf(K2));
    expect(SecretCipher.fromKeys(K2).decrypt(moved, ACME)).toBe("before");
    expect(() => cipher.decrypt(fresh, ACME)).toThrow(/unknown key/);
  });
});

describe("SecretCipher.fromConfig", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "cpod-cipher-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts CPOD_MASTER_KEY as base64, base64url or hex (the same key, the same id)", async () => {
    const forms = [
      K1.toString("base64"),
      K1.toString("base64url"),
      K1.toString("hex"),
      ` ${K1.toString("hex")}\n`,
    ];
    const ids = await Promise.all(
      forms.map(async (f) => (await SecretCipher.fromConfig(f, dir)).keyId),
    );
    expect(new Set(ids)).toEqual(new Set([keyIdOf(K1)]));
  });

  it.each([
    ["a password", "hunter2-correct-horse"],
    ["16 bytes of base64", randomBytes(16).toString("base64")],
    ["63 hex characters", randomBytes(32).toString("hex").slice(1)],
    ["48 bytes of base64", randomBytes(48).toString("base64")],
  ])("rejects %s with one line naming CPOD_MASTER_KEY, never the value", async (_, bad) => {
    const error = await SecretCipher.fromConfig(bad, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const { message, stack } = error as Error;
    expect(message).toMatch(/^CPOD_MASTER_KEY must be 32 bytes/);
    expect(message).not.toContain("\n");
    expect(`${message}${stack}`).not.toContain(bad);
  });

  it("names CPOD_MASTER_KEY_PREVIOUS for a bad previous key, and decrypts with a good one", async () => {
    await expect(SecretCipher.fromConfig(K2.toString("hex"), dir, ["nope"])).rejects.toThrow(
      /^CPOD_MASTER_KEY_PREVIOUS/,
    );
    const sealed = SecretCipher.fromKeys(K1).encrypt("v", ACME);
    const cipher = await SecretCipher.fromConfig(K2.toString("hex"), dir, [K1.toString("base64")]);
    expect(cipher.decrypt(sealed, ACME)).toBe("v");
    expect(cipher.keyId).toBe(keyIdOf(K2));
  });

  it("without CPOD_MASTER_KEY creates <dataDir>/master.key once, mode 0600, and reuses it", async () => {
    const dataDir = join(dir, "nested", "data");
    const first = await SecretCipher.fromConfig(undefined, dataDir);
    const file = join(dataDir, "master.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = await readFile(file, "utf8");
    const sealed = first.encrypt("kept", ACME);
    const second = await SecretCipher.fromConfig(undefined, dataDir);
    expect(second.keyId).toBe(first.keyId);
    expect(second.decrypt(sealed, ACME)).toBe("kept");
    expect(await readFile(file, "utf8")).toBe(content);
  });

  it("agrees on one key when several instances create master.key at once", async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(dir)));
    expect(new Set(keys.map((k) => k.toString("hex"))).size).toBe(1);
  });

  it("does not create master.key when CPOD_MASTER_KEY is set", async () => {
    await SecretCipher.fromConfig(K1.toString("base64"), dir);
    await expect(stat(join(dir, "master.key"))).rejects.toThrow(/ENOENT/);
  });
});
