import type { CryptoKey, JWSHeaderParameters } from "jose";
import type { TokenClaims } from "../../gen/proto/coresdk/v1/auth_pb.js";

/** A token whose signature, issuer, audience and claims were verified with `key`. */
export interface VerifiedToken {
  /** The protected header's `alg` and `kid`, to look the key up again without parsing. */
  header: JWSHeaderParameters;
  key: CryptoKey;
  claims: TokenClaims;
  /** `exp` and `nbf` (absent: undefined), in epoch seconds, re-checked on every use. */
  exp: number;
  nbf: number | undefined;
}

/**
 * The results of RS256 verification, by the exact token text, bounded (least recently used goes
 * first). A client sends the same access token on every request for its whole lifetime, and the
 * RSA signature check is the dearest step of ValidateToken; for identical bytes checked against
 * the identical key object it can only give the same answer. Everything that can change between
 * two requests is NOT cached — the caller re-checks `exp`/`nbf`/`iat` against the clock, asks
 * the key source for the token's `kid` again (a rotated or reloaded key set yields a different
 * key object, so the entry no longer applies) and consults the deny-list every time.
 *
 * @example
 *   const hit = cache.get(token); // then: same key? still in time? not revoked?
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, VerifiedToken>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  get(token: string): VerifiedToken | undefined {
    const hit = this.#entries.get(token);
    if (hit) {
      this.#entries.delete(token);
      this.#entries.set(token, hit);
    }
    return hit;
  }

  set(token: string, verified: VerifiedToken): void {
    this.#entries.delete(token);
    this.#entries.set(token, verified);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  get size(): number {
    return this.#entries.size;
  }
}
