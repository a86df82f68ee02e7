import { ApiError } from "../../shared/errors/api-error.js";
import { CLIENT_SECRET, verifyClientSecret } from "../apps/client-secret.js";
import type { AppCredentials, AppStore } from "../store/control-plane-store.js";
import type { ClientCredentials } from "./client-credentials.js";
import type { FailureLimiter } from "./failure-limiter.js";
import { OAuthError } from "./oauth-error.js";
import type { VerificationScheduler } from "./verification-scheduler.js";

/** What the authenticator needs. */
export interface ClientAuthenticatorDeps {
  apps: Pick<AppStore, "credentials">;
  limiter: FailureLimiter;
  scheduler: VerificationScheduler;
  /** An Argon2id hash of nothing anyone knows, verified for unknown clients (equal timing). */
  decoyHash: string;
}

/**
 * Verifies client credentials for the token, introspection and revocation endpoints. Unknown
 * clients, wrong secrets, deleted apps and suspended tenants all answer the same
 * `invalid_client`, after the same Argon2 work, so nothing about which was wrong leaks. Failures
 * are limited per source address and per client_id before any hashing (429 `rate_limited`).
 *
 * @example
 *   const app = await authenticator.authenticate(credentials, ctx.clientAddress);
 */
export class ClientAuthenticator {
  /** Lookups in flight, shared: a burst for one client_id costs one query, not one each. */
  readonly #lookups = new Map<string, Promise<AppCredentials | undefined>>();

  constructor(private readonly deps: ClientAuthenticatorDeps) {}

  async authenticate(credentials: ClientCredentials, address: string): Promise<AppCredentials> {
    const { limiter, scheduler } = this.deps;
    const { clientId, clientSecret } = credentials;
    const trusted = limiter.isTrusted(address, clientId);
    const ticket = limiter.reserve(address, clientId);
    if ("retryAfterSecs" in ticket) {
      throw new ApiError("rate_limited", "Too many failed client authentications; retry later.", {
        headers: { "retry-after": String(ticket.retryAfterSecs) },
      });
    }
    const app = await this.#lookup(clientId);
    const matches = CLIENT_SECRET.test(clientSecret)
      ? await scheduler.run({ priority: trusted, lane: address }, () =>
          verifyClientSecret(app?.secretHash ?? this.deps.decoyHash, clientSecret),
        )
      : false;
    if (!app || !matches) {
      ticket.failed();
      throw new OAuthError("invalid_client", "Client authentication failed.");
    }
    ticket.succeeded();
    if (app.tenantStatus !== "active") {
      throw new OAuthError("invalid_client", "Client authentication failed.");
    }
    return app;
  }

  /** Joins a lookup already in flight; nothing is kept after it settles (no stale answers). */
  #lookup(clientId: string): Promise<AppCredentials | undefined> {
    let pending = this.#lookups.get(clientId);
    if (!pending) {
      pending = this.deps.apps.credentials(clientId).finally(() => this.#lookups.delete(clientId));
      this.#lookups.set(clientId, pending);
    }
    return pending;
  }
}
