import { create, type JsonObject } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import {
  AuditService,
  EmitRequestSchema,
  type QueryResponse,
} from "../../../../gen/proto/coresdk/v1/audit_pb.js";
import {
  AuthService,
  RevokeAppTokensRequestSchema,
  RevokeTokenRequestSchema,
} from "../../../../gen/proto/coresdk/v1/auth_pb.js";
import { repairAndFlag } from "../../../../lib/audit-repair.js";
import { sendCallerCredential } from "../../../../lib/caller-credential.js";
import { connectClientSpans } from "../../../../lib/tracing/rpc-spans.js";
import type { Tracing } from "../../../../lib/tracing/start-tracing.js";
import type { OutboxMessage } from "../../store/control-plane-store.js";
import type { AuditPageRequest, AuditReader } from "../audit-reader.js";
import type { SidecarClient } from "../sidecar-client.js";

interface AuditPayload {
  timestamp: string;
  actor: { type: string; id: string; app_id?: string; user_id?: string };
  action: string;
  resource: { type: string; id?: string };
  outcome: string;
  status: number;
  request_id: string;
  metadata: JsonObject;
}

/**
 * The sidecar over Connect (binary protobuf, HTTP/2 prior knowledge — the sidecar serves h2c on
 * loopback), addressed by `CORESDK_SIDECAR_ADDR` such as `http://[::1]:50051`. Each call has a
 * deadline, so a hung sidecar only delays the outbox relay, never a request. Every call carries
 * the platform caller credential the sidecar requires (`credential`) and, with `tracing`, a
 * client span and the W3C `traceparent`, so the sidecar's span joins the caller's trace.
 *
 * @example
 *   const sidecar = new ConnectSidecarClient("http://[::1]:50051");
 */
export class ConnectSidecarClient implements SidecarClient, AuditReader {
  readonly #sessions: Http2SessionManager;
  readonly #audit: Client<typeof AuditService>;
  readonly #auth: Client<typeof AuthService>;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 3_000,
    credential?: string,
    tracing?: Tracing,
  ) {
    const url = new URL(baseUrl); // a bad address is misuse: TypeError here
    this.#sessions = new Http2SessionManager(url, { idleConnectionTimeoutMs: 30_000 });
    const transport = createConnectTransport({
      baseUrl: url.toString(),
      httpVersion: "2",
      sessionManager: this.#sessions,
      // The span outermost, so it covers the credential and the wire and carries traceparent.
      interceptors: [
        ...(tracing ? [connectClientSpans(tracing)] : []),
        ...(credential ? [sendCallerCredential(credential)] : []),
      ],
    });
    this.#audit = createClient(AuditService, transport);
    this.#auth = createClient(AuthService, transport);
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const options = { timeoutMs: this.timeoutMs };
    if (message.kind === "revoke" && typeof message.payload.app_id === "string") {
      const p = message.payload as { app_id: string; issued_before: number; expires_at: number };
      const request = create(RevokeAppTokensRequestSchema, {
        appId: p.app_id,
        tenantId: message.tenantId,
        issuedBefore: BigInt(p.issued_before),
        expiresAt: BigInt(p.expires_at),
      });
      await this.#auth.revokeAppTokens(request, options);
      return;
    }
    if (message.kind === "revoke") {
      const { jti, exp } = message.payload as { jti: string; exp: number };
      const request = create(RevokeTokenRequestSchema, {
        jti,
        exp: BigInt(exp),
        tenantId: message.tenantId,
      });
      await this.#auth.revokeToken(request, options);
      return;
    }
    const p = message.payload as unknown as AuditPayload;
    const request = create(EmitRequestSchema, {
      tenantId: message.tenantId,
      timestamp: p.timestamp,
      actor: { type: p.actor.type, id: p.actor.id, appId: p.actor.app_id, userId: p.actor.user_id },
      action: p.action,
      resource: p.resource,
      outcome: p.outcome,
      status: p.status,
      requestId: p.request_id,
      metadata: p.metadata,
      dedupKey: message.id,
    });
    // Emit refuses a record that breaks its rules and the outbox would retry it for ever: the
    // control plane repairs and flags its records as EmitBatch does the gateway's.
    await this.#audit.emit(repairAndFlag(request).record, options);
  }

  async queryAudit(request: AuditPageRequest, accessToken: string): Promise<QueryResponse> {
    return this.#audit.query(request, {
      timeoutMs: this.timeoutMs,
      headers: { authorization: `Bearer ${accessToken}` },
    });
  }

  async close(): Promise<void> {
    this.#sessions.abort();
  }
}
