import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  type CallOptions,
  type Client,
  Code,
  ConnectError,
  createClient,
} from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import {
  AuditService,
  EmitRequestSchema,
  type QueryRequest,
  type QueryResponse,
  type VerifyResponse,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";
import {
  type AuthorizeResponse,
  AuthService,
  type TokenClaims,
  type ValidateTokenResponse,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { MaskingService } from "../../../gen/proto/coresdk/v1/masking_pb.js";
import {
  type CheckResponse,
  RateLimitService,
} from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import {
  type GetSecretResponse,
  type ListSecretsResponse,
  type SecretMetadata,
  SecretsService,
} from "../../../gen/proto/coresdk/v1/secrets_pb.js";

/** The default sidecar address (DESIGN.md §2): loopback IPv6, h2c. */
export const DEFAULT_SIDECAR_ADDR = "http://[::1]:50051";

/** One audit record as the gateway queues and emits it (JSON-safe, so it can sit in a file). */
export interface AuditEntry {
  tenantId: string;
  timestamp: string;
  actor: { type: string; id: string; appId: string; userId?: string };
  action: string;
  resource: { type: string; id: string };
  outcome: "success" | "denied" | "error";
  status: number;
  requestId: string;
  metadata: JsonObject;
}

/** The verified caller as the sidecar's data services take it (built from token claims only). */
export interface SidecarSubject {
  tenantId: string;
  appId: string;
  userId?: string | undefined;
  scopes: string[];
}

/** A rate-limit verdict; `degraded` when the sidecar failed open (no RateLimit-* headers). */
export interface RateVerdict {
  response: CheckResponse;
  degraded: boolean;
}

/**
 * The gateway's only way to the CoreSDK sidecar: Connect binary protobuf over HTTP/2 prior
 * knowledge (the sidecar serves h2c on loopback). Every call carries a short deadline so a hung
 * sidecar turns into a fast 503 instead of a pile of waiting requests. It never imports
 * `sidecar/` — the wire contract in `gen/proto` is all it shares with it.
 *
 * @example
 *   const sidecar = new SidecarClient({ baseUrl: "http://[::1]:50051" });
 *   const verdict = await sidecar.validateToken(token);
 */
export class SidecarClient {
  readonly #sessions: Http2SessionManager;
  readonly #auth: Client<typeof AuthService>;
  readonly #limits: Client<typeof RateLimitService>;
  readonly #audit: Client<typeof AuditService>;
  readonly #masking: Client<typeof MaskingService>;
  readonly #secrets: Client<typeof SecretsService>;
  readonly #timeoutMs: number;

  constructor(opts: { baseUrl?: string; timeoutMs?: number } = {}) {
    const url = new URL(opts.baseUrl ?? DEFAULT_SIDECAR_ADDR); // bad address: TypeError here
    this.#timeoutMs = opts.timeoutMs ?? 2_000;
    this.#sessions = new Http2SessionManager(url, { idleConnectionTimeoutMs: 30_000 });
    const transport = createConnectTransport({
      baseUrl: url.toString(),
      httpVersion: "2",
      useBinaryFormat: true,
      sessionManager: this.#sessions,
    });
    this.#auth = createClient(AuthService, transport);
    this.#limits = createClient(RateLimitService, transport);
    this.#audit = createClient(AuditService, transport);
    this.#masking = createClient(MaskingService, transport);
    this.#secrets = createClient(SecretsService, transport);
  }

  #options(extra: CallOptions = {}): CallOptions {
    return { timeoutMs: this.#timeoutMs, ...extra };
  }

  /** Step 2: signature, issuer, audience, expiry, revocation — all decided by the sidecar. */
  validateToken(token: string): Promise<ValidateTokenResponse> {
    return this.#auth.validateToken({ token }, this.#options());
  }

  /** Step 3: the Rego decision for the verified subject. */
  authorize(
    claims: TokenClaims,
    action: string,
    resource: { type: string; id: string },
  ): Promise<AuthorizeResponse> {
    const subject = {
      tenantId: claims.tenantId,
      appId: claims.appId,
      userId: claims.userId,
      scopes: claims.scopes,
    };
    const request = { subject, action, resource: { ...resource, tenantId: claims.tenantId } };
    return this.#auth.authorize(request, this.#options());
  }

  /** Step 4: one unit against the tenant/app/route-class window. */
  async checkRate(claims: TokenClaims, routeClass: string): Promise<RateVerdict> {
    let degraded = false;
    const onHeader = (headers: Headers) => {
      if (headers.has("cpod-rate-limit-degraded")) degraded = true;
    };
    const response = await this.#limits.check(
      { tenantId: claims.tenantId, appId: claims.appId, routeClass, cost: 1 },
      this.#options({ onHeader }),
    );
    return { response, degraded: degraded || response.limit === 0 };
  }

  /** Step 6: appends to the tenant's chain; the request id is the dedup key, so retries are safe. */
  async emit(entry: AuditEntry): Promise<void> {
    // An empty id means "collection-level": absent on the wire (the proto wants ≥ 1 char).
    const resource = entry.resource.id ? entry.resource : { type: entry.resource.type };
    const request = create(EmitRequestSchema, { ...entry, resource, dedupKey: entry.requestId });
    await this.#audit.emit(request, this.#options());
  }

  /** One page of the tenant's audit chain (the tenant comes from the verified token). */
  queryAudit(request: Omit<QueryRequest, "$typeName" | "$unknown">): Promise<QueryResponse> {
    return this.#audit.query(request, this.#options());
  }

  /** Recomputes the tenant's chain; may take a while on long chains, so a longer deadline. */
  verifyAudit(tenantId: string): Promise<VerifyResponse> {
    return this.#audit.verify({ tenantId }, this.#options({ timeoutMs: this.#timeoutMs * 15 }));
  }

  /**
   * Masks a JSON document with the sidecar's detectors (emails, cards, tokens, …). It travels
   * as JSON text, so the document comes back exactly as JSON, not as protobuf `Value`s.
   */
  async mask<T>(document: T): Promise<T> {
    const response = await this.#masking.mask(
      { input: { case: "json", value: JSON.stringify(document) } },
      this.#options(),
    );
    if (response.output.case !== "json") throw new TypeError("MaskingService answered no JSON");
    return JSON.parse(response.output.value) as T;
  }

  /**
   * SecretsService: the sidecar re-checks scope and policy for `caller` on every call. A put
   * replaces the whole secret, so an absent `description` clears the stored one.
   */
  putSecret(
    caller: SidecarSubject,
    name: string,
    secret: { value: string; description?: string },
  ): Promise<SecretMetadata | undefined> {
    return this.#secrets
      .putSecret({ caller, name, ...secret }, this.#options())
      .then((r) => r.secret);
  }

  getSecret(caller: SidecarSubject, name: string): Promise<GetSecretResponse> {
    return this.#secrets.getSecret({ caller, name }, this.#options());
  }

  async deleteSecret(caller: SidecarSubject, name: string): Promise<void> {
    await this.#secrets.deleteSecret({ caller, name }, this.#options());
  }

  listSecrets(
    caller: SidecarSubject,
    page: { limit?: number; cursor?: string },
  ): Promise<ListSecretsResponse> {
    return this.#secrets.listSecrets({ caller, ...page }, this.#options());
  }

  /** True when the sidecar refused a record as invalid: retrying it can never succeed. */
  static isRejected(error: unknown): boolean {
    return error instanceof ConnectError && error.code === Code.InvalidArgument;
  }

  /** Drops the HTTP/2 session (app close). */
  close(): void {
    this.#sessions.abort();
  }
}
