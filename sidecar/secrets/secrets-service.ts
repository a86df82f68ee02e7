import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type AuthorizeRequest,
  AuthorizeRequestSchema,
  type AuthorizeResponse,
} from "../../gen/proto/coresdk/v1/auth_pb.js";
import type { Subject } from "../../gen/proto/coresdk/v1/common_pb.js";
import {
  DeleteSecretRequestSchema,
  GetSecretRequestSchema,
  ListSecretsRequestSchema,
  PutSecretRequestSchema,
  type SecretMetadata,
  SecretMetadataSchema,
  type SecretsService,
} from "../../gen/proto/coresdk/v1/secrets_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import { checkRequest, decodeCursor, encodeCursor } from "./request-checks.js";
import type { SealedSecret, SecretCipher } from "./secret-cipher.js";
import type { SecretMeta, SecretStore } from "./secret-store.js";

/** What SecretsService needs: the store, the cipher and the policy decision. */
export interface SecretsServiceDeps {
  store: SecretStore;
  cipher: SecretCipher;
  /** The policy decision point (AuthService.Authorize's logic), asked before every call. */
  authorize: (req: AuthorizeRequest) => Promise<AuthorizeResponse>;
  /** The clock for created/updated timestamps; injectable so tests need no real time. */
  now?: () => Date;
}

type Action = "secrets.read" | "secrets.write";

const DEFAULT_PAGE = 50;

/**
 * The wire metadata. `description` is returned as the caller wrote it, not run through the
 * Masker: nothing in SecretsService masks metadata (the Masker guards what is logged, audited or
 * put in an error, and secrets metadata goes to none of those), and it only ever goes back to
 * callers of the same tenant holding `secrets.read`. Masking it would change the text its
 * author reads back (an on-call email, a vendor's key prefix) without protecting anyone.
 */
function toMetadata(meta: SecretMeta): SecretMetadata {
  return create(SecretMetadataSchema, {
    name: meta.name,
    version: meta.version,
    createdAt: meta.createdAt.toISOString(),
    updatedAt: meta.updatedAt.toISOString(),
    updatedBy: meta.updatedBy,
    description: meta.description,
  });
}

/**
 * Normalizes every failure here, not only in the server's interceptors: the implementation is
 * also mounted on in-memory routers, and a driver or cipher error must never reach a caller
 * with its own text. SidecarErrors pass through; anything else becomes a bare `internal`.
 */
function guarded<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw SidecarError.from(error);
    }
  };
}

/**
 * SecretsService: a tenant's secrets by name, for a verified caller. Each call needs its scope
 * (`secrets.read` / `secrets.write`) in the caller's token and an allow from policy, for a
 * resource of the caller's own tenant, so another tenant's secret is simply not found. Values
 * are sealed (AES-256-GCM, bound to tenant + name) before they reach the store, are returned
 * only by GetSecret, and never appear in errors or logs.
 *
 * @example
 *   router.service(SecretsService, createSecretsService({ store, cipher, authorize }));
 */
export function createSecretsService(deps: SecretsServiceDeps): ServiceImpl<typeof SecretsService> {
  const { store, cipher } = deps;
  const now = deps.now ?? (() => new Date());

  /** Scope first (cheap, and what the token says), then the policy decision. */
  async function authorize(caller: Subject, action: Action, name: string): Promise<void> {
    if (!caller.scopes.includes(action)) {
      throw new SidecarError("permission_denied", `${action} requires the ${action} scope`);
    }
    const resource = { type: "secret", id: name, tenantId: caller.tenantId };
    const decision = await deps.authorize(
      create(AuthorizeRequestSchema, { subject: caller, action, resource }),
    );
    if (!decision.allow) {
      const reasons = decision.reasons.length > 0 ? `: ${decision.reasons.join(", ")}` : "";
      throw new SidecarError("permission_denied", `${action} denied by policy${reasons}`);
    }
  }

  /** Rows sealed with a retired key move to the current one on read; best effort, never fatal. */
  async function resealIfStale(tenantId: string, name: string, sealed: SealedSecret) {
    if (!cipher.needsReseal(sealed)) return;
    const next = cipher.reseal(sealed, { tenantId, name });
    await store.reseal(tenantId, name, sealed.iv, next).catch(() => false);
  }

  return {
    putSecret: guarded(async (req) => {
      checkRequest(PutSecretRequestSchema, req);
      const caller = req.caller as Subject;
      await authorize(caller, "secrets.write", req.name);
      const context = { tenantId: caller.tenantId, name: req.name };
      const meta = await store.put({
        ...context,
        sealed: cipher.encrypt(req.value, context),
        updatedBy: caller.userId ?? caller.appId,
        at: now(),
        // Absent clears an earlier description: PutSecret replaces the whole secret.
        description: req.description,
      });
      return { secret: toMetadata(meta) };
    }),

    getSecret: guarded(async (req) => {
      checkRequest(GetSecretRequestSchema, req);
      const caller = req.caller as Subject;
      await authorize(caller, "secrets.read", req.name);
      const stored = await store.get(caller.tenantId, req.name);
      if (!stored) throw new SidecarError("not_found", `secret ${req.name} not found`);
      const value = cipher.decrypt(stored.sealed, { tenantId: caller.tenantId, name: req.name });
      await resealIfStale(caller.tenantId, req.name, stored.sealed);
      return { secret: toMetadata(stored), value };
    }),

    deleteSecret: guarded(async (req) => {
      checkRequest(DeleteSecretRequestSchema, req);
      const caller = req.caller as Subject;
      await authorize(caller, "secrets.write", req.name);
      return { deleted: await store.delete(caller.tenantId, req.name) };
    }),

    listSecrets: guarded(async (req) => {
      checkRequest(ListSecretsRequestSchema, req);
      const caller = req.caller as Subject;
      await authorize(caller, "secrets.read", "");
      const limit = req.limit ?? DEFAULT_PAGE;
      const after = req.cursor === undefined ? undefined : decodeCursor(req.cursor);
      const page = await store.list(caller.tenantId, { prefix: req.prefix, after, limit });
      const last = page.items.at(-1);
      return {
        secrets: page.items.map(toMetadata),
        nextCursor: page.more && last ? encodeCursor(last.name) : undefined,
      };
    }),
  };
}
