import { type CryptoKey, importJWK, type JWK } from "jose";
import type { ControlPlaneStore, SigningKeyRecord } from "../store/control-plane-store.js";
import { ALG, generateSigningKey, openSigningKey, type PublicJwk } from "./key-material.js";
import type { KeySealer } from "./key-sealer.js";

const KEY_LOCK = "cpod.control-plane.signing-keys";

/** The outcome of a rotation, as the contract's `KeyRotation` needs it. */
export interface Rotation {
  /** The key that signs from now on: the next key, published since the previous rotation. */
  kid: string;
  createdAt: Date;
  activatedAt: Date;
  /** The new next key, published from this rotation on, signing from the following one. */
  nextKid: string;
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
/** The key that signs: activated, not yet retiring (at most one, a unique index says so). */
const isActive = (k: SigningKeyRecord) => k.activatedAt !== null && k.retiresAt === null;
/** The key the next rotation activates: published, never signed (at most one as well). */
const isNext = (k: SigningKeyRecord) => k.activatedAt === null && k.retiresAt === null;

/**
 * The token signing keys (DESIGN.md §8): RSA ≥ 2048, private keys sealed with the master key.
 * Three kinds are published: the active key that signs, the next key that the next rotation
 * activates, and retired keys until every token they signed has expired. Publishing the next key
 * one rotation ahead is what lets a verifier that cached the JWKS accept the new key's tokens the
 * moment a rotation happens (its unknown-kid refetch is rate-limited, so it must not need one).
 * Every instance reloads from the database at most `refreshMs` after a change, and a retired key
 * stays published long enough to cover that too.
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

  /**
   * Makes the keys a start needs (once across instances): an active and a next key on a new
   * database, a next key on one from before next keys existed. Then loads.
   */
  static async open(opts: KeyRingOptions): Promise<KeyRing> {
    const ring = new KeyRing(opts);
    await ring.#ensureKeys();
    await ring.reload();
    return ring;
  }

  async #ensureKeys(): Promise<void> {
    const keys = await this.#opts.store.keys.list();
    // Only the kinds missing now are generated (RSA generation is the slow part of a start): a
    // kind present now stays present, since rotations replace keys but never remove the last.
    const [active, next] = await Promise.all([
      keys.some(isActive) ? undefined : this.prepare(),
      keys.some(isNext) ? undefined : this.prepare(),
    ]);
    if (!active && !next) return;
    await this.#opts.store.transaction(async (tx) => {
      await tx.lock(KEY_LOCK);
      const locked = await tx.keys.list();
      if (active && !locked.some(isActive))
        await tx.keys.insert({ ...active, activatedAt: active.createdAt });
      if (next && !locked.some(isNext)) await tx.keys.insert(next);
    });
  }

  /** The key new tokens are signed with. */
  async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    return (await this.#current()).active;
  }

  /** The public keys of the JWKS: the active one, the next one, retired ones still overlapping. */
  async jwks(): Promise<PublicJwk[]> {
    return (await this.#current()).published;
  }

  /** The public key for `kid`, if it is still published (to verify our own tokens). */
  async verifier(kid: string): Promise<CryptoKey | undefined> {
    return (await this.#current()).verifiers.get(kid);
  }

  /** Activates the next key, publishes a new next key; the previous one retires after the overlap. */
  async rotate(): Promise<Rotation> {
    const fresh = await this.prepare();
    const rotation = await this.#opts.store.transaction((tx) => this.install(tx, fresh));
    await this.reload();
    return rotation;
  }

  /** Generates a new next key (slow: do it before opening a transaction). */
  prepare(): Promise<SigningKeyRecord> {
    return generateSigningKey(this.#opts.sealer, this.#opts.modulusLength, this.#opts.now());
  }

  /**
   * Inside the caller's transaction: the next key signs from now on, `fresh` becomes the next key
   * and the previous key retires after the overlap (token lifetime + `overlapSecs`). Call
   * `reload()` after the commit. Under the lock, so concurrent rotations run one after the other.
   */
  async install(tx: ControlPlaneStore, fresh: SigningKeyRecord): Promise<Rotation> {
    await tx.lock(KEY_LOCK);
    // Read the clock once the lock is held: a rotation that waited for another is the later one.
    const now = this.#opts.now();
    const retiresAt = new Date(
      now.getTime() + (this.#opts.tokenTtlSecs + this.#opts.overlapSecs) * 1000,
    );
    const keys = await tx.keys.list();
    const previous = keys.find(isActive);
    let next = keys.find(isNext);
    let standby = fresh;
    if (!next) {
      // Only a hand-edited table gets here (open() made one): activate `fresh` unannounced, as
      // before next keys existed, rather than refuse the rotation an operator asked for.
      // Generating the standby key under the lock (~0.1–1 s of RSA) is acceptable here: the lock
      // is only taken by rotations and first starts, never by signing or the JWKS, so it delays
      // nothing but a concurrent rotation, and only on this repair path; preparing a second key
      // for every rotation to avoid it would spend that time on each of them instead.
      next = fresh;
      standby = await this.prepare();
      await tx.keys.insert(next);
    }
    await tx.keys.retireActive(retiresAt);
    if (!(await tx.keys.activate(next.kid, now))) throw new Error(`key ${next.kid} vanished`);
    await tx.keys.insert(standby);
    return {
      kid: next.kid,
      createdAt: next.createdAt,
      activatedAt: now,
      nextKid: standby.kid,
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
    const signing = keys.find(isActive);
    if (!signing) throw new Error("no signing key is published; the key table was emptied");
    const active =
      this.#loaded?.active.kid === signing.kid
        ? this.#loaded.active
        : await openSigningKey(this.#opts.sealer, signing);
    // The active key, the next key, then retiring keys, the one that signed last first.
    const next = keys.filter(isNext);
    const retiring = keys
      .filter((k) => k.retiresAt !== null)
      .sort((x, y) => (y.retiresAt?.getTime() ?? 0) - (x.retiresAt?.getTime() ?? 0));
    const ordered = [signing, ...next, ...retiring];
    const verifiers = new Map<string, CryptoKey>();
    for (const k of ordered) {
      verifiers.set(k.kid, (await importJWK(k.publicJwk as JWK, ALG)) as CryptoKey);
    }
    const published = ordered.map((k) => k.publicJwk as unknown as PublicJwk);
    this.#loaded = { active, published, verifiers, at: Date.now() };
    return this.#loaded;
  }
}
