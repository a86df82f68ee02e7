import { type CallOptions, type Client, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { AdmitResponse } from "../../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AuditService,
  type QueryRequest,
  type QueryResponse,
  type VerifyResponse,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";
import { AuthService, type ValidateTokenResponse } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { MaskingService } from "../../../gen/proto/coresdk/v1/masking_pb.js";
import {
  type GetSecretResponse,
  type ListSecretsResponse,
  type SecretMetadata,
  SecretsService,
} from "../../../gen/proto/coresdk/v1/secrets_pb.js";
import { sendCallerCredential } from "../../../lib/caller-credential.js";
import { connectClientSpans } from "../../../lib/tracing/rpc-spans.js";
import type { Tracing } from "../../../lib/tracing/start-tracing.js";

import { AdmissionBatcher, type AdmitInput } from "./admission-batcher.js";
import { type AuditEntry, type EmitOutcome, emitOutcomes, emitRequest } from "./emit-records.js";
import type { SidecarHotPath } from "./hot-path.js";
import { leanHotPath } from "./lean-hot-path.js";
import { tracedHotPath } from "./traced-hot-path.js";

export type { AuditEntry, EmitOutcome } from "./emit-records.js";

/** The default sidecar address (DESIGN.md §2): loopback IPv6, h2c. */
export const DEFAULT_SIDECAR_ADDR = "http://[::1]:50051";

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

/** What a {@link SidecarClient} talks through. */
export interface SidecarTransports {
  /** Connect transport of the other calls (auth, audit Query/Verify, masking, secrets). */
  transport: Transport;
  /** The per-request calls (Admit, AdmitBatch, EmitBatch). */
  hotPath: SidecarHotPath;
  /** Default deadline of every call; default 2 s. */
  timeoutMs?: number;
  /** Releases what the transport holds (its HTTP/2 session) on `close`. */
  release?: () => void;
  /** True when the calls are traced: admissions then carry their trace context into batches. */
  traced?: boolean;
}

/** Options of {@link SidecarClient.connect}. */
export interface SidecarConnectOptions {
  timeoutMs?: number;
  /** The platform caller credential, sent on every call (the hot path carries its own). */
  credential?: string;
  /** The per-request transport; default the lean gRPC client to the same address. */
  hotPath?: SidecarHotPath;
  /** A client span per call, `traceparent` in its metadata (startTracing); absent, none. */
  tracing?: Tracing | undefined;
}

/**
 * The gateway's only way to the CoreSDK sidecar. Every call carries a short deadline so a hung
 * sidecar turns into a fast 503 instead of a pile of waiting requests. It never imports
 * `sidecar/` — the wire contract in `gen/proto` is all it shares with it. What carries the
 * calls is the caller's choice: `connect` builds the production wire (Connect binary protobuf
 * over HTTP/2 prior knowledge, the sidecar serves h2c on loopback); tests that are not about the
 * wire hand the constructor an in-memory transport to the real services.
 *
 * @example
 *   const sidecar = SidecarClient.connect("http://[::1]:50051", { credential });
 *   const verdict = await sidecar.validateToken(token);
 */
export class SidecarClient {
  readonly #hot: SidecarHotPath;
  readonly #release: () => void;
  readonly #batcher: AdmissionBatcher;
  readonly #auth: Client<typeof AuthService>;
  readonly #audit: Client<typeof AuditService>;
  readonly #masking: Client<typeof MaskingService>;
  readonly #secrets: Client<typeof SecretsService>;
  readonly #timeoutMs: number;

  /**
   * The production wire to `baseUrl` (default {@link DEFAULT_SIDECAR_ADDR}): one HTTP/2 session
   * for the Connect calls and the lean gRPC client for the hot path. A bad address is misuse: a
   * TypeError here.
   */
  static connect(baseUrl = DEFAULT_SIDECAR_ADDR, opts: SidecarConnectOptions = {}): SidecarClient {
    const url = new URL(baseUrl);
    const sessions = new Http2SessionManager(url, { idleConnectionTimeoutMs: 30_000 });
    const { tracing } = opts;
    const transport = createConnectTransport({
      baseUrl: url.toString(),
      httpVersion: "2",
      useBinaryFormat: true,
      sessionManager: sessions,
      interceptors: [
        ...(tracing ? [connectClientSpans(tracing)] : []),
        ...(opts.credential ? [sendCallerCredential(opts.credential)] : []),
      ],
    });
    const hotPath = opts.hotPath ?? leanHotPath(baseUrl, opts.credential);
    return new SidecarClient({
      transport,
      hotPath: tracing ? tracedHotPath(hotPath, tracing) : hotPath,
      timeoutMs: opts.timeoutMs,
      release: () => sessions.abort(),
      traced: tracing !== undefined,
    });
  }

  constructor(opts: SidecarTransports) {
    this.#timeoutMs = opts.timeoutMs ?? 2_000;
    this.#hot = opts.hotPath;
    this.#release = opts.release ?? (() => undefined);
    const call = { timeoutMs: this.#timeoutMs };
    this.#batcher = new AdmissionBatcher(
      {
        admit: (request) => this.#hot.admit(request, call),
        admitBatch: async (requests) => (await this.#hot.admitBatch({ requests }, call)).results,
      },
      opts.traced ?? false,
    );
    this.#auth = createClient(AuthService, opts.transport);
    this.#audit = createClient(AuditService, opts.transport);
    this.#masking = createClient(MaskingService, opts.transport);
    this.#secrets = createClient(SecretsService, opts.transport);
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
    return emitOutcomes(response);
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

  /** Drops the connections (app close). */
  close(): void {
    this.#hot.close();
    this.#release();
  }
}
