import { ulid } from "ulid";
import { ApiError } from "../../shared/errors/api-error.js";
import type { AdminRequest } from "../admin-request.js";
import { auditMessage, revokeAppMessage } from "../audit/outbox-messages.js";
import { MAX_TOKEN_TTL_SECS } from "../config.js";
import type { Idempotency } from "../idempotency/idempotency.js";
import type {
  App,
  AppType,
  ControlPlaneStore,
  Page,
  PageQuery,
} from "../store/control-plane-store.js";
import { hashClientSecret, newClientSecret } from "./client-secret.js";

/** Input of app creation (the contract's `AppCreateRequest`). */
export interface NewApp {
  tenant_id: string;
  client_id?: string;
  name: string;
  declared_scopes: string[];
  app_type: AppType;
}

/** An app and the secret generated for it, shown to the caller this once. */
export interface AppWithSecret {
  app: App;
  secret: string;
}

/**
 * The replay of a secret-bearing request. The secret is never stored in recoverable form, so a
 * retry cannot be shown it again: it learns which app the key produced and how to get a secret.
 */
function secretShownOnce(recorded: { body: unknown }): never {
  const { client_id } = recorded.body as { client_id: string };
  throw new ApiError(
    "conflict",
    `This Idempotency-Key already produced the secret of app ${client_id}; it was shown once. ` +
      "Rotate the secret (with a new key) to get another.",
  );
}

/**
 * OAuth app management. A secret is `cs_` + 256 random bits, returned once and stored only as
 * an Argon2id hash (hashed before the transaction, so the database is never held during the
 * work). Every change is audited into the tenant's chain in the same transaction.
 *
 * Delete revokes the app's refresh tokens and queues an app-level deny-list entry for the
 * sidecar ("every token of this app issued up to now"), which reaches the access tokens no table
 * records (client_credentials). Rotate-secret revokes the refresh tokens only: issued access
 * tokens live out their short lifetime, as with other OAuth servers (the old secret can no longer
 * get new ones); to cut them off at once, delete the app or revoke the tokens.
 *
 * @example
 *   const { app, secret } = await apps.create(input, { requestId });
 */
export class AppService {
  constructor(
    private readonly deps: { store: ControlPlaneStore; idempotency: Idempotency; now?: () => Date },
  ) {}

  async create(input: NewApp, req: AdminRequest): Promise<AppWithSecret> {
    const secret = newClientSecret();
    const hash = await hashClientSecret(secret);
    return this.deps.idempotency.run(
      { scope: "createApp", key: req.idempotencyKey, request: input },
      async (tx) => {
        const now = this.#now();
        if (!(await tx.tenants.get(input.tenant_id))) {
          throw new ApiError("not_found", "No tenant with this tenant_id.");
        }
        const app: App = {
          clientId: input.client_id ?? `app_${ulid()}`,
          tenantId: input.tenant_id,
          name: input.name,
          declaredScopes: [...input.declared_scopes],
          appType: input.app_type,
          createdAt: now,
          secretRotatedAt: null,
        };
        if (!(await tx.apps.insert(app, hash))) {
          throw new ApiError("conflict", "An app with this client_id already exists.");
        }
        await this.#audit(tx, app, "apps.create", 201, req.requestId, now);
        return {
          result: { app, secret },
          record: { status: 201, body: { client_id: app.clientId } },
        };
      },
      secretShownOnce,
    );
  }

  /**
   * Apps in creation order (never their secrets), all or one tenant's. A named tenant must exist:
   * 404 for an unknown one, not an empty page (`listApps?tenant_id=` and `listTenantApps`).
   */
  async list(query: PageQuery & { tenantId?: string }): Promise<Page<App>> {
    const page = await this.deps.store.apps.list(query);
    const { tenantId } = query;
    // An empty page is ambiguous (no apps, or no tenant): only then is the tenant looked up.
    if (tenantId !== undefined && page.items.length === 0) {
      if (!(await this.deps.store.tenants.get(tenantId))) {
        throw new ApiError("not_found", "No tenant with this tenant_id.");
      }
    }
    return page;
  }

  async get(clientId: string): Promise<App> {
    const app = await this.deps.store.apps.get(clientId);
    if (!app) throw new ApiError("not_found", "No app with this client_id.");
    return app;
  }

  /** Deletes the app; returns the outbox ids of its deny-list entry, for the caller to await. */
  async delete(clientId: string, req: AdminRequest): Promise<string[]> {
    const now = this.#now();
    return this.deps.store.transaction(async (tx) => {
      const app = await tx.apps.get(clientId);
      if (!app || !(await tx.apps.delete(clientId, now))) {
        throw new ApiError("not_found", "No app with this client_id.");
      }
      await tx.refreshTokens.revokeForClient(clientId, now);
      const deny = revokeAppMessage(app, now, MAX_TOKEN_TTL_SECS);
      await tx.outbox.add(deny);
      await this.#audit(tx, app, "apps.delete", 204, req.requestId, now);
      return [deny.id];
    });
  }

  async rotateSecret(clientId: string, req: AdminRequest): Promise<AppWithSecret> {
    const secret = newClientSecret();
    const hash = await hashClientSecret(secret);
    return this.deps.idempotency.run(
      { scope: `rotateAppSecret:${clientId}`, key: req.idempotencyKey, request: { clientId } },
      async (tx) => {
        const now = this.#now();
        const app = await tx.apps.replaceSecret(clientId, hash, now);
        if (!app) throw new ApiError("not_found", "No app with this client_id.");
        await tx.refreshTokens.revokeForClient(clientId, now);
        await this.#audit(tx, app, "apps.rotate_secret", 200, req.requestId, now);
        return { result: { app, secret }, record: { status: 200, body: { client_id: clientId } } };
      },
      secretShownOnce,
    );
  }

  async #audit(
    tx: ControlPlaneStore,
    app: App,
    action: string,
    status: number,
    requestId: string,
    at: Date,
  ): Promise<void> {
    await tx.outbox.add(
      auditMessage({
        tenantId: app.tenantId,
        action,
        resource: { type: "oauth_app", id: app.clientId },
        status,
        requestId,
        metadata: { name: app.name, app_type: app.appType, declared_scopes: app.declaredScopes },
        at,
      }),
    );
  }

  #now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }
}
