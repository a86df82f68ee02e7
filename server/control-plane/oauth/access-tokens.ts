import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { ulid } from "ulid";
import { ALG } from "../keys/key-material.js";
import type { KeyRing } from "../keys/key-ring.js";

/** Who a token is for: DESIGN.md §8's tenant, app, optional user and scopes. */
export interface TokenSubject {
  tenantId: string;
  appId: string;
  userId?: string;
  scopes: string[];
}

/** A signed access token and the facts revocation and refresh rotation need. */
export interface IssuedToken {
  token: string;
  jti: string;
  iat: number;
  exp: number;
  scope: string;
}

/** The verified claims of one of our tokens. */
export interface VerifiedClaims extends JWTPayload {
  tenant_id: string;
  app_id: string;
  client_id?: string;
  user_id?: string;
  scope: string;
  jti: string;
  exp: number;
  iat: number;
  sub: string;
}

/** Options for {@link AccessTokens}. */
export interface AccessTokenOptions {
  keys: KeyRing;
  issuer: string;
  audience: string;
  ttlSecs: number;
  now?: () => Date;
}

function isOurClaims(payload: JWTPayload): payload is VerifiedClaims {
  return (
    typeof payload.tenant_id === "string" &&
    typeof payload.app_id === "string" &&
    typeof payload.scope === "string" &&
    typeof payload.jti === "string" &&
    typeof payload.exp === "number" &&
    typeof payload.iat === "number"
  );
}

/**
 * Signs and verifies cPod access tokens: RS256 JWTs (RFC 9068 `at+jwt`) with `iss`, `aud`, `sub`
 * (the user when acting for one, else the app), `tenant_id`, `app_id`, `client_id`, `user_id`,
 * `scope`, `jti`, `iat`, `exp` — the claims the sidecar's ValidateToken requires.
 *
 * @example
 *   const { token } = await tokens.issue({ tenantId, appId, scopes: ["kv.read"] });
 */
export class AccessTokens {
  readonly #now: () => Date;

  constructor(private readonly opts: AccessTokenOptions) {
    this.#now = opts.now ?? (() => new Date());
  }

  get ttlSecs(): number {
    return this.opts.ttlSecs;
  }

  /**
   * Signs a token for `subject`. `ttlSecs` shortens its life below the configured one (the
   * control plane's own audit-export tokens live a minute); it can never lengthen it, so the
   * deny-list's longest-lifetime bound stays true.
   */
  async issue(subject: TokenSubject, opts: { ttlSecs?: number } = {}): Promise<IssuedToken> {
    const { kid, key } = await this.opts.keys.signingKey();
    const iat = Math.floor(this.#now().getTime() / 1000);
    const exp = iat + Math.min(opts.ttlSecs ?? this.opts.ttlSecs, this.opts.ttlSecs);
    const jti = ulid();
    const scope = subject.scopes.join(" ");
    const token = await new SignJWT({
      tenant_id: subject.tenantId,
      app_id: subject.appId,
      client_id: subject.appId,
      ...(subject.userId ? { user_id: subject.userId } : {}),
      scope,
    })
      .setProtectedHeader({ alg: ALG, kid, typ: "at+jwt" })
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .setSubject(subject.userId ?? subject.appId)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { token, jti, iat, exp, scope };
  }

  /**
   * The claims of a token this control plane issued and that has not expired, or undefined for
   * anything else (bad signature, unknown or retired kid, other issuer/audience, expired, junk).
   */
  async verify(token: string): Promise<VerifiedClaims | undefined> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.opts.keys.verifier(header.kid) : undefined;
          if (!key) throw new errors.JWKSNoMatchingKey();
          return key;
        },
        {
          algorithms: [ALG],
          issuer: this.opts.issuer,
          audience: this.opts.audience,
          currentDate: this.#now(),
        },
      );
      return isOurClaims(payload) ? payload : undefined;
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error; // the key store failing is an outage, not an invalid token
    }
  }
}
