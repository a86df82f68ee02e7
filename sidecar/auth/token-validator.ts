import { type CryptoKey, type FlattenedJWSInput, type JWSHeaderParameters, jwtVerify } from "jose";
import { type TokenClaims, TokenRejectReason } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { DenyList } from "./deny-list.js";
import type { JwksSource } from "./jwks-source.js";
import { rejectReason, TokenRejected } from "./reject-reason.js";
import { tokenClaims } from "./token-claims.js";
import { VerifiedTokens } from "./verified-tokens.js";

/** The verdict on one token: claims, or the one reason code it was refused for. */
export type TokenVerdict =
  | { valid: true; claims: TokenClaims }
  | { valid: false; reason: TokenRejectReason };

/** Options for {@link TokenValidator}; `config.jwt` spreads straight in. */
export interface TokenValidatorOptions {
  /** Ignored: the composition root turns it into `jwks`. Accepted so `config.jwt` can be spread. */
  jwksUrl?: string;
  /** Required `iss` (`CORESDK_JWT_ISSUER`); unset makes every validation fail as unavailable. */
  issuer?: string;
  /** Required member of `aud` (`CORESDK_JWT_AUDIENCE`); unset fails the same way. */
  audience?: string;
  /** Clock skew tolerated on `exp`, `nbf` and `iat` (`CORESDK_JWT_LEEWAY_SECS`). */
  leewaySecs: number;
  /** Trusted keys; unset makes every validation fail as unavailable. */
  jwks?: JwksSource;
  /** The deny-list, read from memory (a DenyListReplica in the sidecar). */
  revocations: DenyList;
  /** The clock, epoch milliseconds; injected by tests. */
  now?: () => number;
  /** How many verified tokens to remember (see VerifiedTokens); 0 verifies every signature. */
  verifiedCacheSize?: number;
}

/** Longest token accepted, in bytes (the proto's `max_bytes`, enforced here too). */
export const MAX_TOKEN_BYTES = 16_384;
/** Three base64url segments; the signature may be empty so `alg: none` gets its own reason. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** The only algorithm accepted (DESIGN.md §8). */
const ALGORITHM = "RS256";
const MIN_RSA_BITS = 2048;

function reject(reason: TokenRejectReason): never {
  throw new TokenRejected(reason);
}

function jsonObject(segment: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {}
  return reject(TokenRejectReason.MALFORMED);
}

/**
 * Everything decidable before a key is looked up, cheapest first: size, shape, `alg`, `kid`.
 * Deciding `alg` here, not only through jose's `algorithms`, gives `none`, HS*, ES* and PS* their own
 * reason and means no key is ever resolved for them (no HMAC-with-the-public-key confusion).
 */
function precheck(token: string): JWSHeaderParameters {
  if (typeof token !== "string" || token.length === 0) reject(TokenRejectReason.MALFORMED);
  if (Buffer.byteLength(token, "utf8") > MAX_TOKEN_BYTES) reject(TokenRejectReason.TOO_LARGE);
  if (!COMPACT_JWS.test(token)) reject(TokenRejectReason.MALFORMED);
  const [header = "", payload = ""] = token.split(".");
  const { alg, kid } = jsonObject(header);
  jsonObject(payload);
  if (alg !== ALGORITHM) reject(TokenRejectReason.ALG_NOT_ALLOWED);
  if (typeof kid !== "string" || kid.length === 0) reject(TokenRejectReason.MISSING_KID);
  return { alg, kid };
}

/** The time checks jose applies to `exp` and `nbf` (same comparisons, same leeway). */
function inTime(exp: number, nbf: number | undefined, nowSecs: number, leeway: number): void {
  if (exp <= nowSecs - leeway) reject(TokenRejectReason.EXPIRED);
  if (nbf !== undefined && nbf > nowSecs + leeway) reject(TokenRejectReason.NOT_YET_VALID);
}

/**
 * Validates cPod access tokens (DESIGN.md §5, §8): RS256 against the trusted JWKS, `iss`, `aud`,
 * `exp`/`nbf`/`iat` with leeway, required claims, then the deny-list (the token's `jti`, and its
 * app's "issued at or before" entries) — in that order. The deny-list is read from memory (see
 * DenyListReplica), so no store outage can stall or fail validation by itself.
 *
 * A bad token is an answer (`{valid: false, reason}`), never an exception and never exception
 * text. Only a failure of the check itself throws — a SidecarError `unavailable` when the JWKS
 * cannot be reached, when the deny-list replica is stale and the fail mode is `closed`, or when
 * issuer, audience or JWKS are not configured. Missing issuer/audience fails closed on purpose:
 * without them a token minted for another service by the same signer would be accepted.
 *
 * @example
 *   const verdict = await validator.validate(bearer);
 *   if (!verdict.valid) log.info({ reason: TokenRejectReason[verdict.reason] });
 */
export class TokenValidator {
  readonly #opts: TokenValidatorOptions;
  readonly #now: () => number;
  readonly #verified: VerifiedTokens | undefined;

  constructor(opts: TokenValidatorOptions) {
    if (!Number.isInteger(opts.leewaySecs) || opts.leewaySecs < 0) {
      throw new TypeError("TokenValidator: leewaySecs must be a non-negative whole number");
    }
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    const size = opts.verifiedCacheSize ?? 10_000;
    this.#verified = size > 0 ? new VerifiedTokens(size) : undefined;
  }

  async validate(token: string): Promise<TokenVerdict> {
    const { jwks, issuer, audience } = this.#configured();
    try {
      // The cheapest check first (STYLE.md §15): a token verified before skips parsing entirely;
      // its bytes are identical, so the precheck could only give the same answer again.
      const claims =
        (await this.#reverify(token, jwks)) ??
        (await this.#verify(token, precheck(token), jwks, issuer, audience));
      const { jti, appId, iat } = claims;
      if (this.#opts.revocations.isDenied({ jti, appId, iat: Number(iat) })) {
        reject(TokenRejectReason.REVOKED);
      }
      return { valid: true, claims };
    } catch (error) {
      const reason = rejectReason(error);
      if (reason === undefined) {
        throw new SidecarError("unavailable", "token check unavailable", { cause: error });
      }
      return { valid: false, reason };
    }
  }

  /**
   * A token verified before with the key its `kid` still resolves to: only the clock checks are
   * redone (the deny-list is consulted by the caller). Undefined means "verify it in full".
   */
  async #reverify(token: string, jwks: JwksSource) {
    const hit = this.#verified?.get(token);
    if (!hit) return undefined;
    const key = await jwks.getKey(hit.header).catch(() => undefined);
    if (key !== hit.key) {
      this.#verified?.delete(token);
      return undefined;
    }
    const now = this.#now();
    const leeway = this.#opts.leewaySecs;
    inTime(hit.exp, hit.nbf, Math.floor(now / 1000), leeway);
    if (Number(hit.claims.iat) > now / 1000 + leeway) reject(TokenRejectReason.NOT_YET_VALID);
    return hit.claims;
  }

  async #verify(
    token: string,
    header: JWSHeaderParameters,
    jwks: JwksSource,
    issuer: string,
    audience: string,
  ) {
    const now = this.#now();
    const leeway = this.#opts.leewaySecs;
    let used: CryptoKey | undefined;
    const { payload } = await jwtVerify(
      token,
      async (h, t) => {
        used = await strongKey(jwks, h, t);
        return used;
      },
      {
        algorithms: [ALGORITHM],
        issuer,
        audience,
        clockTolerance: leeway,
        currentDate: new Date(now),
      },
    );
    const claims = tokenClaims(payload, audience);
    // jose checks `iat` only against maxTokenAge; an `iat` from the future is as suspect as `nbf`.
    if (Number(claims.iat) > now / 1000 + leeway) reject(TokenRejectReason.NOT_YET_VALID);
    if (used && typeof payload.exp === "number") {
      const nbf = typeof payload.nbf === "number" ? payload.nbf : undefined;
      this.#verified?.set(token, { header, key: used, claims, exp: payload.exp, nbf });
    }
    return claims;
  }

  #configured(): { jwks: JwksSource; issuer: string; audience: string } {
    const { jwks, issuer, audience } = this.#opts;
    if (!jwks) throw new SidecarError("unavailable", "no JWKS configured");
    if (!issuer) throw new SidecarError("unavailable", "no JWT issuer configured");
    if (!audience) throw new SidecarError("unavailable", "no JWT audience configured");
    return { jwks, issuer, audience };
  }
}

/**
 * The key named by `kid`, refused unless it is an RSA key of at least 2048 bits. Checked on the
 * key actually used for this token, so one weak key slipped into the set is caught even when the
 * others are fine (jose would throw a bare TypeError instead).
 */
async function strongKey(
  jwks: JwksSource,
  header: JWSHeaderParameters,
  token: FlattenedJWSInput,
): Promise<CryptoKey> {
  const key = await jwks.getKey(header, token);
  const { name, modulusLength } = key.algorithm as { name: string; modulusLength?: number };
  if (name !== "RSASSA-PKCS1-v1_5" || !modulusLength || modulusLength < MIN_RSA_BITS) {
    reject(TokenRejectReason.WEAK_KEY);
  }
  return key;
}
