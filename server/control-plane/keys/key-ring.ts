import { type CryptoKey, importJWK, type JWK } from "jose";
import type { ControlPlaneStore, SigningKeyRecord } from "../store/control-plane-store.js";
import { ALG, generateSigningKey, openSigningKey, type PublicJwk } from "./key-material.js";
import type { KeySealer } from "./key-sealer.js";

const KEY_LOCK = "cpod.control-plane.signing-keys";

/** The outcome of a rotation, as the contract's `KeyRotation` needs it. */
export interface Rotation {
  kid: string;
  createdAt: Date;
  previousKid: string | null;
  previousRetiresAt: Date | null;
}

/** Options for {@link KeyRing}. */
export interface KeyRingOptions {
  store: ControlPlaneStore;
  sealer: KeySealer;
  /** Access-token lifetime: a retired key stays published this long plus `overlapSecs`. */
  tokenTtlSecs: number;
  /** Extra publication time after the last token could expire (verifier leeway, caches). */
  overlapSecs?: number;
  /** How long another instance's rotation may take to be noticed here; default 10 s. */
  refreshMs?: number;
  modulusLength?: number;
  now?: () => Date;
}

interface Loaded {
  active: { kid: string; key: CryptoKey };
  published: PublicJwk[];
  verifiers: Map<string, CryptoKey>;
  at: number;
}

const isPublished = (k: SigningKeyRecord, now: Date) => k.retiresAt === null || k.retiresAt > now;

/**
 * The token signing keys (DESIGN.md §8): RSA ≥ 2048 made at first start, private keys sealed with
 * the master key, the newest key signing, older ones published until every token they signed has
 * expired. Every instance reloads from the database at most `refreshMs` after a change, and a
 * retired key stays published long enough to cover that too.
 *
 * @example
 *   const ring = await KeyRing.open({ store, sealer, tokenTtlSecs: 3600 });
 *   const { kid, key } = await ring.signingKey();
 */
export class KeyRing {
  readonly #opts: Required<Omit<KeyRingOptions, "now">> & { now: () => Date };
  #loaded: Loaded | undefined;
  #loading: Promise<Loaded> | undefined;

  private constructor(opts: KeyRingOptions) {
    this.#opts = {
      overlapSecs: 60,
      refreshMs: 10_000,
      modulusLength: 2048,
      ...opts,
      now: opts.now ?? (() => new Date()),
    };
    if (this.#opts.modulusLength < 2048) throw new TypeError("KeyRing: RSA keys need ≥ 2048 bits");
  }

  /** Creates the first key if the database has none (once across instances), then loads. */
  static async open(opts: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(opts);
    if ((await opts.store.keys.list()).length === 0) {
      const fresh = await ring.prepare();
      await opts.store.transaction(async (tx) => {
        await tx.lock(KEY_LOCK);
        if ((await tx.keys.list()).length === 0) await tx.keys.insert(fresh);
      });
    }
    await ring.reload();
    return ring;
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    return (await this.#current()).active;
  }

  /** The public keys of the JWKS: the active one and every retired one still overlapping. */
  async jwks(): Promise<PublicJwk[]> {
    return (await this.#current()).published;
  }

  /** The public key for `kid`, if it is still published (to verify our own tokens). */
  async verifier(kid: string): Promise<CryptoKey | undefined> {
    return (await this.#current()).verifiers.get(kid);
  }

  /** Makes a new key the signer; the previous one retires after the overlap. */
  async rotate(): Promise<Rotation> {
    const fresh = await this.prepare();
    const rotation = await this.#opts.store.transaction((tx) => this.install(tx, fresh));
    await this.reload();
    return rotation;
  }

  /** Generates a new key (slow: do it before opening a transaction). */
  prepare(): Promise<SigningKeyRecord> {
    return generateSigningKey(this.#opts.sealer, this.#opts.modulusLength, this.#opts.now());
  }

  /**
   * Inside the caller's transaction: makes `fresh` the signer and retires the previous key after
   * the overlap (token lifetime + `overlapSecs`). Call `reload()` after the commit.
   */
  async install(tx: ControlPlaneStore, fresh: SigningKeyRecord): Promise<Rotation> {
    const retiresAt = new Date(
      fresh.createdAt.getTime() + (this.#opts.tokenTtlSecs + this.#opts.overlapSecs) * 1000,
    );
    await tx.lock(KEY_LOCK);
    const previous = (await tx.keys.list()).find((k) => k.retiresAt === null);
    await tx.keys.insert(fresh);
    await tx.keys.retireAllBut(fresh.kid, retiresAt);
    return {
      kid: fresh.kid,
      createdAt: fresh.createdAt,
      previousKid: previous?.kid ?? null,
      previousRetiresAt: previous ? retiresAt : null,
    };
  }

  /** Rereads the keys now (after a rotation here; other instances notice within `refreshMs`). */
  async reload(): Promise<void> {
    await this.#reload();
  }

  /** Removes keys that left the JWKS more than a day ago (housekeeping). */
  async purge(): Promise<number> {
    return this.#opts.store.keys.purge(new Date(this.#opts.now().getTime() - 86_400_000));
  }

  async #current(): Promise<Loaded> {
    const loaded = this.#loaded;
    if (loaded && Date.now() - loaded.at < this.#opts.refreshMs) return loaded;
    return this.#reload();
  }

  /** Single-flight reload; the active private key is opened only when its kid changed. */
  #reload(): Promise<Loaded> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<Loaded> {
    const now = this.#opts.now();
    const keys = (await this.#opts.store.keys.list()).filter((k) => isPublished(k, now));
    const newest = keys[0];
    if (!newest) throw new Error("no signing key is published; the key table was emptied");
    const active =
      this.#loaded?.active.kid === newest.kid
        ? this.#loaded.active
        : await openSigningKey(this.#opts.sealer, newest);
    const verifiers = new Map<string, CryptoKey>();
    for (const k of keys) {
      verifiers.set(k.kid, (await importJWK(k.publicJwk as JWK, ALG)) as CryptoKey);
    }
    const published = keys.map((k) => k.publicJwk as unknown as PublicJwk);
    this.#loaded = { active, published, verifiers, at: Date.now() };
    return this.#loaded;
  }
}
