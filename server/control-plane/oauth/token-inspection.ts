import { denyAccessTokens } from "../audit/deny-list.js";
import { auditMessage } from "../audit/outbox-messages.js";
import type { AppCredentials, ControlPlaneStore } from "../store/control-plane-store.js";
import type { AccessTokens, VerifiedClaims } from "./access-tokens.js";
import { REFRESH_PREFIX, refreshTokenHash } from "./refresh-tokens.js";

/** RFC 7662 §2.2 answer (the contract's `IntrospectionResponse`). */
export interface IntrospectionBody {
  active: boolean;
  scope?: string;
  client_id?: string;
  token_type?: "Bearer" | "refresh_token";
  exp?: number;
  iat?: number;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  jti?: string;
  tenant_id?: string;
  app_id?: string;
  user_id?: string;
}

const INACTIVE: IntrospectionBody = { active: false };
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Introspection (RFC 7662) and revocation (RFC 7009) of our own tokens. The caller is an
 * authenticated app: it learns about tokens of its own tenant only (anything else is just
 * `active: false`) and revokes only tokens issued to itself (anything else is silently a no-op,
 * answered 200 like an unknown token, so the endpoint cannot probe tokens).
 *
 * @example
 *   const body = await inspection.introspect(token, app);
 */
export class TokenInspection {
  constructor(
    private readonly deps: {
      store: ControlPlaneStore;
      tokens: AccessTokens;
      now?: () => Date;
    },
  ) {}

  async introspect(token: string, caller: AppCredentials): Promise<IntrospectionBody> {
    const body = token.startsWith(REFRESH_PREFIX)
      ? await this.#refreshState(token)
      : await this.#accessState(token);
    if (!body.active || body.tenant_id !== caller.tenantId) return INACTIVE;
    const tenant = await this.deps.store.tenants.get(caller.tenantId);
    return tenant?.status === "active" ? body : INACTIVE;
  }

  /**
   * Revokes `token` if it is ours and was issued to `caller`. Returns the outbox ids of the
   * deny-list entries to wait for (empty when there was nothing to revoke).
   */
  async revoke(token: string, caller: AppCredentials, requestId: string): Promise<string[]> {
    const now = this.#now();
    if (token.startsWith(REFRESH_PREFIX)) {
      const record = await this.deps.store.refreshTokens.get(refreshTokenHash(token));
      if (record?.clientId !== caller.clientId) return [];
      return this.deps.store.transaction(async (tx) => {
        const live = await tx.refreshTokens.revokeFamily(record.familyId, now);
        return denyAccessTokens(tx, live, now);
      });
    }
    const claims = await this.deps.tokens.verify(token);
    if (claims?.app_id !== caller.clientId) return [];
    return this.deps.store.transaction(async (tx) => {
      const ids = await denyAccessTokens(tx, [this.#ref(claims)], now);
      await tx.outbox.add(
        auditMessage({
          tenantId: claims.tenant_id,
          actor: { type: "app", id: caller.clientId, appId: caller.clientId },
          action: "oauth.token.revoke",
          resource: { type: "access_token", id: claims.jti },
          status: 200,
          requestId,
          at: now,
        }),
      );
      return ids;
    });
  }

  #ref(claims: VerifiedClaims) {
    return { jti: claims.jti, tenantId: claims.tenant_id, exp: new Date(claims.exp * 1000) };
  }

  /** Active unless revoked by jti or issued to an app that has since been deleted. */
  async #accessState(token: string): Promise<IntrospectionBody> {
    const claims = await this.deps.tokens.verify(token);
    if (!claims || (await this.deps.store.revocations.isRevoked(claims.jti))) return INACTIVE;
    if (!(await this.deps.store.apps.get(claims.app_id))) return INACTIVE;
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.app_id,
      token_type: "Bearer",
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      tenant_id: claims.tenant_id,
      app_id: claims.app_id,
      ...(claims.user_id ? { user_id: claims.user_id } : {}),
    };
  }

  async #refreshState(token: string): Promise<IntrospectionBody> {
    const r = await this.deps.store.refreshTokens.get(refreshTokenHash(token));
    if (!r || r.usedAt || r.revokedAt || r.expiresAt <= this.#now()) return INACTIVE;
    return {
      active: true,
      scope: r.scope,
      client_id: r.clientId,
      token_type: "refresh_token",
      exp: seconds(r.expiresAt),
      iat: seconds(r.createdAt),
      sub: r.userId,
      tenant_id: r.tenantId,
      app_id: r.clientId,
      user_id: r.userId,
    };
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
