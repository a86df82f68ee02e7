import { create } from "@bufbuild/protobuf";
import type { JWTPayload } from "jose";
import {
  type TokenClaims,
  TokenClaimsSchema,
  TokenRejectReason,
} from "../../gen/proto/coresdk/v1/auth_pb.js";
import { TokenRejected } from "./reject-reason.js";

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const isTime = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0;

function missing(): never {
  throw new TokenRejected(TokenRejectReason.MISSING_CLAIM);
}

function text(payload: JWTPayload, name: string): string {
  const value = payload[name];
  return isText(value) ? value : missing();
}

function time(payload: JWTPayload, name: "exp" | "iat"): bigint {
  const value = payload[name];
  return isTime(value) ? BigInt(Math.floor(value)) : missing();
}

/** `scope` is one space-separated string (RFC 8693 §4.2); an empty string grants nothing. */
function scopes(payload: JWTPayload): string[] {
  const scope = payload.scope;
  if (typeof scope !== "string") missing();
  return scope.split(" ").filter((s) => s.length > 0);
}

/**
 * The claims of an already verified payload, typed for the wire (DESIGN.md §8). Every claim the
 * gateway relies on must be present and well-typed — `tenant_id`, `app_id`, `sub`, `jti`, `exp`,
 * `iat`, `scope` — otherwise MISSING_CLAIM: a token without a tenant must never reach a store.
 * `user_id` is optional (app-only tokens) but must be a non-empty string when present.
 */
export function tokenClaims(payload: JWTPayload, audience: string): TokenClaims {
  const userId = payload.user_id;
  if (userId !== undefined && !isText(userId)) missing();
  return create(TokenClaimsSchema, {
    tenantId: text(payload, "tenant_id"),
    appId: text(payload, "app_id"),
    userId,
    sub: text(payload, "sub"),
    scopes: scopes(payload),
    jti: text(payload, "jti"),
    exp: time(payload, "exp"),
    iat: time(payload, "iat"),
    iss: text(payload, "iss"),
    aud: audience,
  });
}
