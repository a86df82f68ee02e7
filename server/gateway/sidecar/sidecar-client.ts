import { create, type JsonObject } from "@bufbuild/protobuf";
import { type CallOptions, type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { AdmitResponse } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AuditService,
  type EmitBatchResponse,
  type EmitRequest,
  EmitRequestSchema,
  type QueryRequest,
  type QueryResponse,
  type VerifyResponse,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService, type ValidateTokenResponse } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { MaskingService } from "../../../gen/proto/coresdk/v1/masking_pb.js";
import {
  type GetSecretResponse,
  type ListSecretsResponse,
  type SecretMetadata,
  SecretsService,
} from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import { sendCallerCredential } from "../../../lib/caller-credential.js";

import { AdmissionBatcher, type AdmitInput } from "./admission-batcher.js";
import type { SidecarHotPath } from "./hot-path.js";

/** The default sidecar address (DESIGN.md §2): loopback IPv6, h2c. */
export const DEFAULT_SIDECAR_ADDR = "http://[::1]:50051";

/** One audit record as the gateway queues and emits it (JSON-safe, so it can sit in a file). */
export interface AuditEntry {
  tenantId: string;
  timestamp: string;
  actor: { type: string; id: string; appId?: string; userId?: string };
  action: string;
  resource: { type: string; id: string };
  outcome: "success" | "denied" | "error";
  status: number;
  requestId: string;
  metadata: JsonObject;
  /**
   * The Emit dedup key: one per record, fixed when it is recorded, so a resend after a lost
   * answer is stored once while two requests that share a client-chosen request id are both
   * stored. Absent in records queued by older gateways: the request id then.
   */
  dedupKey?: string;
}

/**
 * What became of one record of an EmitBatch: stored (or stored before: dedup), refused as
 * invalid (retrying can never succeed), or not stored for a reason retrying may fix.
 */
export type EmitOutcome = "delivered" | "rejected" | "failed";

/** An audit entry as the sidecar's EmitRequest, with its own dedup key. */
function emitRequest(entry: AuditEntry): EmitRequest {
  // An empty id means "collection-level": absent on the wire (the proto wants ≥ 1 char).
  const resource = entry.resource.id ? entry.resource : { type: entry.resource.type };
  return create(EmitRequestSchema, {
    ...entry,
    resource,
    dedupKey: entry.dedupKey ?? entry.requestId,
  });
}

function outcomes(response: EmitBatchResponse): EmitOutcome[] {
  return response.results.map((r) => {
    if (r.result.case === "record") return "delivered";
    return r.result.value?.code === ErrorCode.VALIDATION_FAILED ? "rejected" : "failed";
  });
}

/**
 * The verified caller as the sidecar's data services take it (built from token claims only),
 * with the access token itself: the sidecar derives the caller from the token again and only
 * compares the rest (DESIGN.md §5: callers are authenticated, not declared).
 */
export interface SidecarSubject {
  tenantId: string;
  appId: string;
  userId?: string | undefined;
  scopes: string[];
  accessToken: string;
}

/** The declared caller as the proto's `Subject` (the token stays in metadata). */
function declared({ accessToken: _token, ...subject }: SidecarSubject) {
  return subject;
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
  readonly #hot: SidecarHotPath;
  readonly #batcher: AdmissionBatcher;
  readonly #auth: Client<typeof AuthService>;
  readonly #audit: Client<typeof AuditService>;
  readonly #masking: Client<typeof MaskingService>;
  readonly #secrets: Client<typeof SecretsService>;
  readonly #timeoutMs: number;

  constructor(opts: {
    baseUrl?: string;
    timeoutMs?: number;
    hotPath: SidecarHotPath;
    /** The platform caller credential, sent on every call (the hot path carries its own). */
    credential?: string;
  }) {
    const url = new URL(opts.baseUrl ?? DEFAULT_SIDECAR_ADDR); // bad address: TypeError here
    this.#timeoutMs = opts.timeoutMs ?? 2_000;
    this.#sessions = new Http2SessionManager(url, { idleConnectionTimeoutMs: 30_000 });
    const transport = createConnectTransport({
      baseUrl: url.toString(),
      httpVersion: "2",
      useBinaryFormat: true,
      sessionManager: this.#sessions,
      interceptors: opts.credential ? [sendCallerCredential(opts.credential)] : [],
    });
    this.#hot = opts.hotPath;
    const call = { timeoutMs: this.#timeoutMs };
    this.#batcher = new AdmissionBatcher({
      admit: (request) => this.#hot.admit(request, call),
      admitBatch: async (requests) => (await this.#hot.admitBatch({ requests }, call)).results,
    });
    this.#auth = createClient(AuthService, transport);
    this.#audit = createClient(AuditService, transport);
    this.#masking = createClient(MaskingService, transport);
    this.#secrets = createClient(SecretsService, transport);
  }

  #options(extra: CallOptions = {}): CallOptions {
    return { timeoutMs: this.#timeoutMs, ...extra };
  }

  /** Options of a tenant-scoped call: the caller's access token goes along as `authorization`. */
  #asCaller(accessToken: string, extra: CallOptions = {}): CallOptions {
    return this.#options({ ...extra, headers: { authorization: `Bearer ${accessToken}` } });
  }

  /**
   * Steps 2–4 in one round trip (DESIGN.md §4): the sidecar validates, authorizes and
   * rate-limits in that order and answers the first refusal. Admissions of one event-loop turn
   * share one AdmitBatch call; each is still judged on its own.
   */
  admit(input: AdmitInput): Promise<AdmitResponse> {
    return this.#batcher.admit(input);
  }

  /**
   * Step 6 for many records at once: one EmitBatch call, one group commit in the sidecar, one
   * outcome per record in order. Rejects only when the call itself failed (nothing known).
   */
  async emitBatch(entries: AuditEntry[]): Promise<EmitOutcome[]> {
    const response = await this.#hot.emitBatch(
      { records: entries.map(emitRequest) },
      { timeoutMs: this.#timeoutMs },
    );
    return outcomes(response);
  }

  /** Step 2: signature, issuer, audience, expiry, revocation — all decided by the sidecar. */
  validateToken(token: string): Promise<ValidateTokenResponse> {
    return this.#auth.validateToken({ token }, this.#options());
  }

  /**
   * One page of the tenant's audit chain. The sidecar takes the tenant from `accessToken` (and
   * refuses a `tenantId` that is not the token's).
   */
  queryAudit(
    request: Omit<QueryRequest, "$typeName" | "$unknown">,
    accessToken: string,
  ): Promise<QueryResponse> {
    return this.#audit.query(request, this.#asCaller(accessToken));
  }

  /** Recomputes the tenant's chain; may take a while on long chains, so a longer deadline. */
  verifyAudit(tenantId: string, accessToken: string): Promise<VerifyResponse> {
    const options = this.#asCaller(accessToken, { timeoutMs: this.#timeoutMs * 15 });
    return this.#audit.verify({ tenantId }, options);
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
   * SecretsService: the sidecar derives the caller from its access token and re-checks scope
   * and policy on every call. A put replaces the whole secret, so an absent `description`
   * clears the stored one.
   */
  putSecret(
    caller: SidecarSubject,
    name: string,
    secret: { value: string; description?: string },
  ): Promise<SecretMetadata | undefined> {
    return this.#secrets
      .putSecret({ caller: declared(caller), name, ...secret }, this.#asCaller(caller.accessToken))
      .then((r) => r.secret);
  }

  getSecret(caller: SidecarSubject, name: string): Promise<GetSecretResponse> {
    return this.#secrets.getSecret(
      { caller: declared(caller), name },
      this.#asCaller(caller.accessToken),
    );
  }

  async deleteSecret(caller: SidecarSubject, name: string): Promise<void> {
    await this.#secrets.deleteSecret(
      { caller: declared(caller), name },
      this.#asCaller(caller.accessToken),
    );
  }

  listSecrets(
    caller: SidecarSubject,
    page: { limit?: number; cursor?: string },
  ): Promise<ListSecretsResponse> {
    return this.#secrets.listSecrets(
      { caller: declared(caller), ...page },
      this.#asCaller(caller.accessToken),
    );
  }

  /** Drops the HTTP/2 session (app close). */
  close(): void {
    this.#hot.close();
    this.#sessions.abort();
  }
}
