// Shared setup for the SecretsService tests: a store in a fresh database on the run's embedded PostgreSQL, a cipher with a fixed
// test key, the service behind an in-memory Connect router, and a stand-in policy decision.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { type Client, createClient, createRouterTransport } from "@connectrpc/connect";
import {
  type AuthorizeRequest,
  type AuthorizeResponse,
  AuthorizeResponseSchema,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { type Subject, SubjectSchema } from "../../../gen/proto/coresdk/v1/common_pb.js";
import { SecretsService } from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlSecretStore } from "../../../sidecar/secrets/adapters/sql-secret-store.js";
import { SecretCipher } from "../../../sidecar/secrets/secret-cipher.js";
import {
  createSecretsService,
  type SecretsServiceDeps,
} from "../../../sidecar/secrets/secrets-service.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";

/**
 * TEST DOUBLE of the policy decision (the real one is the Rego-backed Authorizer): allows when the
 * action is one of the subject's scopes and the resource is in the subject's tenant, as
 * policy/authz.rego does, and records every request it was asked.
 */
export function fakePolicyDecisionByScope() {
  const asked: AuthorizeRequest[] = [];
  const authorize = async (req: AuthorizeRequest): Promise<AuthorizeResponse> => {
    asked.push(req);
    const reasons = [
      ...(req.subject?.scopes.includes(req.action) ? [] : ["missing_scope"]),
      ...(req.subject?.tenantId === req.resource?.tenantId ? [] : ["tenant_mismatch"]),
    ];
    return create(AuthorizeResponseSchema, {
      allow: reasons.length === 0,
      reasons,
      policyVersion: "test",
    });
  };
  return { authorize, asked };
}

/** A verified caller as the gateway would send it. */
export function subject(tenantId: string, scopes: string[], userId?: string): Subject {
  return create(SubjectSchema, { tenantId, appId: "app-1", userId, scopes });
}

export const READ_WRITE = ["secrets.read", "secrets.write"];

/** A SecretsService client over an in-memory Connect router (no network), from explicit deps. */
export function serviceClient(deps: SecretsServiceDeps): Client<typeof SecretsService> {
  const impl = createSecretsService(deps);
  return createClient(
    SecretsService,
    createRouterTransport((router) => void router.service(SecretsService, impl)),
  );
}

/** Everything a test needs, on one in-memory database; call `close()` afterwards. */
export interface SecretsHarness {
  sql: SqlClient;
  store: SqlSecretStore;
  cipher: SecretCipher;
  client: Client<typeof SecretsService>;
  /** Every AuthorizeRequest the policy double was asked, in order. */
  asked: AuthorizeRequest[];
  /** A tenant id unique to this harness, so tests sharing the database never see each other. */
  tenant(): string;
  close(): Promise<void>;
}

/**
 * Builds the harness with a fixed-step clock and the scope-based policy double. One database per
 * file (the harness is built once per file); tests stay apart by tenant.
 */
export async function secretsHarness(): Promise<SecretsHarness> {
  const sql = await openFreshDatabase();
  const store = await SqlSecretStore.open(sql);
  const cipher = SecretCipher.fromKeys(randomBytes(32));
  const policy = fakePolicyDecisionByScope();
  let tick = Date.parse("2025-01-01T00:00:00Z");
  const now = () => {
    tick += 1000;
    return new Date(tick);
  };
  const client = serviceClient({ store, cipher, authorize: policy.authorize, now });
  let n = 0;
  const tenant = () => `t${++n}`;
  return { sql, store, cipher, client, asked: policy.asked, tenant, close: () => sql.close() };
}
