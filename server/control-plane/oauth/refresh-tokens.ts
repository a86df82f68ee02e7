import { createHash, randomBytes } from "node:crypto";
import { ulid } from "ulid";
import { CREDENTIAL_BYTES, REFRESH_TOKEN_PREFIX } from "../../../lib/credential-formats.js";
import { denyAccessTokens } from "../audit/deny-list.js";
import { auditMessage } from "../audit/outbox-messages.js";
import type { AppCredentials, ControlPlaneStore } from "../store/control-plane-store.js";
import type { AccessTokens, IssuedToken } from "./access-tokens.js";
import { OAuthError } from "./oauth-error.js";
import { grantScopes } from "./scopes.js";

/**
 * `rt_` + 256 random bits: the prefix tells introspection and revocation what they hold. From
 * lib/, where the sidecar's masking reads it too.
 */
export const REFRESH_PREFIX = REFRESH_TOKEN_PREFIX;

/** The SHA-256 a refresh token is stored by (it is random, so no slow hash is needed). */
export const refreshTokenHash = (value: string): string =>
  createHash("sha256").update(value, "utf8").digest("hex");

/** An access token with the refresh token issued alongside it. */
export interface TokenPair {
  access: IssuedToken;
  refreshToken: string;
}

const invalidGrant = () =>
  new OAuthError("invalid_grant", "The refresh token is invalid, expired or revoked.");

/**
 * Refresh tokens for user-delegated grants (web apps acting for `user_id`), RFC 6749 §6 with
 * rotation: every use returns a new refresh token and spends the old one. Presenting a spent or
 * revoked token is treated as theft (RFC 9700 §4.14.2): the whole family is revoked, including
 * the live access tokens it produced, and the answer is `invalid_grant`.
 *
 * @example
 *   const pair = await refresh.start(app, "u_42", ["kv.read"]);
 *   const next = await refresh.rotate(app, pair.refreshToken, undefined, requestId);
 */
export class RefreshTokens {
  constructor(
    private readonly deps: {
      store: ControlPlaneStore;
      tokens: AccessTokens;
      ttlSecs: number;
      /** Called after a reuse queued deny-list entries, so they are delivered at once. */
      onQueued?: () => void;
      now?: () => Date;
    },
  ) {}

  /** A new family: an access token for the user and its first refresh token. */
  async start(app: AppCredentials, userId: string, scopes: string[]): Promise<TokenPair> {
    const access = await this.#access(app, userId, scopes);
    const refreshToken = await this.deps.store.transaction((tx) =>
      this.#insert(tx, { app, userId, scope: access.scope, familyId: ulid(), access }),
    );
    return { access, refreshToken };
  }

  /** Spends `value` for a new pair, or revokes its family on reuse. */
  async rotate(
    app: AppCredentials,
    value: string,
    requestedScope: string | undefined,
    requestId: string,
  ): Promise<TokenPair> {
    const now = this.#now();
    const outcome = await this.deps.store.transaction(async (tx) => {
      const record = await tx.refreshTokens.getForUpdate(refreshTokenHash(value));
      if (!record || record.clientId !== app.clientId) return "invalid" as const;
      if (record.usedAt || record.revokedAt) {
        const live = await tx.refreshTokens.revokeFamily(record.familyId, now);
        await denyAccessTokens(tx, live, now);
        await tx.outbox.add(
          auditMessage({
            tenantId: record.tenantId,
            actor: { type: "app", id: app.clientId, appId: app.clientId, userId: record.userId },
            action: "oauth.refresh_token.reuse",
            resource: { type: "refresh_token_family", id: record.familyId },
            outcome: "denied",
            status: 400,
            requestId,
            metadata: { revoked_access_tokens: live.length },
            at: now,
          }),
        );
        return "reused" as const;
      }
      if (record.expiresAt <= now) return "invalid" as const;
      const granted = grantScopes(requestedScope, record.scope.split(" "));
      const scopes = granted.filter((s) => app.declaredScopes.includes(s));
      const access = await this.#access(app, record.userId, scopes);
      await tx.refreshTokens.markUsed(record.tokenHash, now);
      const refreshToken = await this.#insert(tx, {
        app,
        userId: record.userId,
        scope: record.scope,
        familyId: record.familyId,
        access,
      });
      return { access, refreshToken };
    });
    if (outcome === "reused") this.deps.onQueued?.();
    if (outcome === "invalid" || outcome === "reused") throw invalidGrant();
    return outcome;
  }

  #access(app: AppCredentials, userId: string, scopes: string[]): Promise<IssuedToken> {
    return this.deps.tokens.issue({ tenantId: app.tenantId, appId: app.clientId, userId, scopes });
  }

  async #insert(
    tx: ControlPlaneStore,
    t: {
      app: AppCredentials;
      userId: string;
      scope: string;
      familyId: string;
      access: IssuedToken;
    },
  ): Promise<string> {
    const value = `${REFRESH_PREFIX}${randomBytes(CREDENTIAL_BYTES).toString("base64url")}`;
    const now = this.#now();
    await tx.refreshTokens.insert({
      tokenHash: refreshTokenHash(value),
      familyId: t.familyId,
      clientId: t.app.clientId,
      tenantId: t.app.tenantId,
      userId: t.userId,
      scope: t.scope,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.deps.ttlSecs * 1000),
      usedAt: null,
      revokedAt: null,
      accessJti: t.access.jti,
      accessExp: new Date(t.access.exp * 1000),
    });
    return value;
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
