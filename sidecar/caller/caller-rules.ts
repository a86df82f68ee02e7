import { create } from "@bufbuild/protobuf";
import type { TokenClaims } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { type Subject, SubjectSchema } from "../../gen/proto/coresdk/v1/common_pb.js";

/** Who a request says it acts for; compared with the access token, never believed. */
export interface DeclaredCaller {
  tenantId: string;
  appId?: string;
  userId?: string;
}

/** How one tenant-scoped RPC reads the caller a request declares and takes the derived one. */
export interface CallerBinding {
  /** The declared caller, or undefined when the request left it out. */
  declared(message: object): DeclaredCaller | undefined;
  /** Overwrites the declared fields with the caller derived from the token. */
  bind(message: object, claims: TokenClaims): void;
}

/**
 * What an RPC needs to know about its caller:
 * - `public`: nothing (public keys, the same as `/.well-known/jwks.json`);
 * - `platform`: the platform caller credential (or a verified mTLS client certificate) — the
 *   gateway, the control plane, `cpod dev`; the request's tenant fields are its input;
 * - `tenant`: the credential AND the caller's own access token (`authorization: Bearer …`): the
 *   tenant, app, user and scopes are the token's, bound into the request before the service
 *   runs; a request declaring another tenant, app or user is refused (permission_denied).
 */
export type CallerRule =
  | { kind: "public" }
  | { kind: "platform" }
  | { kind: "tenant"; binding: CallerBinding; scope?: string };

/** Requests with a `caller: Subject` (SecretsService). The scopes are the token's. */
const subjectCaller: CallerBinding = {
  declared: (message) => {
    const caller = (message as { caller?: Subject }).caller;
    if (!caller) return undefined;
    return { tenantId: caller.tenantId, appId: caller.appId, userId: caller.userId };
  },
  bind: (message, claims) => {
    (message as { caller?: Subject }).caller = create(SubjectSchema, {
      tenantId: claims.tenantId,
      appId: claims.appId,
      userId: claims.userId,
      scopes: claims.scopes,
    });
  },
};

/** Requests with a `tenant_id` naming the chain they read (AuditService Query, Verify). */
const tenantIdField: CallerBinding = {
  declared: (message) => ({ tenantId: (message as { tenantId: string }).tenantId }),
  bind: (message, claims) => {
    (message as { tenantId: string }).tenantId = claims.tenantId;
  },
};

const PUBLIC: CallerRule = { kind: "public" };
const PLATFORM: CallerRule = { kind: "platform" };
const SECRETS: CallerRule = { kind: "tenant", binding: subjectCaller };
const AUDIT_READ: CallerRule = { kind: "tenant", binding: tenantIdField, scope: "audit.read" };

/**
 * The one table of who may call what (DESIGN.md §5, "callers are authenticated, not declared").
 * Every RPC of package coresdk.v1 has a row — a test keeps it total — and a method without one
 * is treated as `platform` (credential required). Why each row is what it is:
 *
 * - SecretsService, AuditService Query/Verify hand a tenant's data to the caller: `tenant`.
 * - Emit/EmitBatch append to any tenant's chain (and the platform chain for requests that never
 *   had a tenant), on behalf of the gateway and the control plane, which are trusted to say
 *   which tenant a request was for: `platform`.
 * - Admit/AdmitBatch carry the token in the request and derive the caller from it themselves.
 * - Authorize, Evaluate, DryRun, RateLimit.Check, ResolveTenant, ValidateIsolation answer a
 *   question about the subject or tenant in the request; they hand out no tenant data and act
 *   for the platform, so the declared subject is their input, not their identity: `platform`.
 * - RevokeToken, RevokeAppTokens, Reset, ReloadBundle change platform state: `platform`.
 * - ValidateToken and IsRevoked: `platform`. A token holder learns nothing new from them, but
 *   an open ValidateToken lets any local process make the sidecar refetch the JWKS (unknown
 *   `kid`) and burn RSA verifications; the gateway has the credential anyway.
 * - GetJwks: `public` — the public keys the gateway already serves at /.well-known/jwks.json.
 * - MaskingService, GetBundleStatus: `platform` (no reason to serve strangers).
 */
export const CALLER_RULES: Readonly<Record<string, CallerRule>> = {
  "coresdk.v1.AdmissionService/Admit": PLATFORM,
  "coresdk.v1.AdmissionService/AdmitBatch": PLATFORM,
  "coresdk.v1.AuthService/ValidateToken": PLATFORM,
  "coresdk.v1.AuthService/Authorize": PLATFORM,
  "coresdk.v1.AuthService/RevokeToken": PLATFORM,
  "coresdk.v1.AuthService/RevokeAppTokens": PLATFORM,
  "coresdk.v1.AuthService/IsRevoked": PLATFORM,
  "coresdk.v1.AuthService/GetJwks": PUBLIC,
  "coresdk.v1.PolicyService/Evaluate": PLATFORM,
  "coresdk.v1.PolicyService/DryRun": PLATFORM,
  "coresdk.v1.PolicyService/GetBundleStatus": PLATFORM,
  "coresdk.v1.PolicyService/ReloadBundle": PLATFORM,
  "coresdk.v1.AuditService/Emit": PLATFORM,
  "coresdk.v1.AuditService/EmitBatch": PLATFORM,
  "coresdk.v1.AuditService/Query": AUDIT_READ,
  "coresdk.v1.AuditService/Verify": AUDIT_READ,
  "coresdk.v1.MaskingService/Mask": PLATFORM,
  "coresdk.v1.MaskingService/MaskString": PLATFORM,
  "coresdk.v1.SecretsService/PutSecret": SECRETS,
  "coresdk.v1.SecretsService/GetSecret": SECRETS,
  "coresdk.v1.SecretsService/DeleteSecret": SECRETS,
  "coresdk.v1.SecretsService/ListSecrets": SECRETS,
  "coresdk.v1.RateLimitService/Check": PLATFORM,
  "coresdk.v1.RateLimitService/Reset": PLATFORM,
  "coresdk.v1.TenantService/ResolveTenant": PLATFORM,
  "coresdk.v1.TenantService/ValidateIsolation": PLATFORM,
  // Health checks and server reflection (DESIGN.md §4; sidecar/services/standard.ts) carry no
  // tenant data and are what a probe or `grpcurl list` calls first: public. A Kubernetes gRPC
  // probe cannot send our header at all, and Health reveals only ready or not. Reflection reveals
  // the contract, which is no secret (proto/ is public, the SDK is published) and is answered
  // from descriptors encoded once, so an open stream costs nothing worth guarding.
  "grpc.health.v1.Health/Check": PUBLIC,
  "grpc.health.v1.Health/List": PUBLIC,
  "grpc.health.v1.Health/Watch": PUBLIC,
  "grpc.reflection.v1.ServerReflection/ServerReflectionInfo": PUBLIC,
  "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": PUBLIC,
};

/**
 * The rule of `package.Service/Method`; `platform` for anything the table does not name.
 *
 * @example
 *   callerRule("coresdk.v1.SecretsService/GetSecret").kind; // "tenant"
 */
export function callerRule(method: string): CallerRule {
  return CALLER_RULES[method] ?? PLATFORM;
}
