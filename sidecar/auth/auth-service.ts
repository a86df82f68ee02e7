import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { JWK } from "jose";
import {
  type AuthorizeRequest,
  type AuthorizeResponse,
  type AuthService,
  GetJwksResponseSchema,
  IsRevokedResponseSchema,
  type Jwk,
  JwkSchema,
  RevokeAppTokensResponseSchema,
  RevokeTokenResponseSchema,
  TokenRejectReason,
  ValidateTokenResponseSchema,
} from "../../gen/proto/coresdk/v1/auth_pb.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { DenyListReplica } from "./deny-list-replica.js";
import type { JwksSource } from "./jwks-source.js";
import type { TokenValidator } from "./token-validator.js";

/** What AuthService needs; the composition root supplies the policy-backed `authorize`. */
export interface AuthServiceDeps {
  validator: TokenValidator;
  /** The deny-list: writes go to its durable store, then to this replica. */
  revocations: DenyListReplica;
  /** The trusted key set, for GetJwks; unset answers `unavailable`. */
  jwks?: JwksSource;
  authorize: (request: AuthorizeRequest) => Promise<AuthorizeResponse>;
}

/** Only the public RSA members the contract names; anything else (d, p, q, …) is dropped. */
function toJwk(key: JWK): Jwk {
  return create(JwkSchema, {
    kid: key.kid ?? "",
    kty: key.kty ?? "",
    // The validator uses every trusted key for RS256 signatures only.
    alg: key.alg ?? "RS256",
    use: key.use ?? "sig",
    n: key.n ?? "",
    e: key.e ?? "",
  });
}

/** A request field the proto's rules also guard; checked again for callers that skip them. */
function requireText(name: string, value: string, max = 128): void {
  if (value.length === 0 || value.length > max) {
    throw new SidecarError("validation_failed", `${name} must be 1 to ${max} characters`);
  }
}

/**
 * Runs a deny-list write; a store outage is `unavailable` (the control plane's outbox retries),
 * not `internal`. A SidecarError (such as a stale replica in `closed` mode) passes unchanged.
 */
async function store<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof SidecarError) throw error;
    throw new SidecarError("unavailable", "revocation list unavailable", { cause: error });
  }
}

/**
 * AuthService (DESIGN.md §5): steps 2 and 3 of the gateway's request path plus the deny-list.
 * A rejected token is a `{valid: false, reason}` answer; RPC errors mean the check itself could
 * not run (no JWKS, a stale deny-list in `closed` mode), which the gateway turns into a 503.
 * RevokeToken and RevokeAppTokens answer only once the entry is durable and this replica denies.
 *
 * @example
 *   router.service(AuthService, createAuthService({ validator, revocations, jwks, authorize }));
 */
export function createAuthService(deps: AuthServiceDeps): ServiceImpl<typeof AuthService> {
  const { validator, revocations, jwks } = deps;
  return {
    async validateToken(request) {
      const verdict = await validator.validate(request.token);
      return create(
        ValidateTokenResponseSchema,
        verdict.valid
          ? { valid: true, claims: verdict.claims, reason: TokenRejectReason.UNSPECIFIED }
          : { valid: false, reason: verdict.reason },
      );
    },
    authorize: (request) => deps.authorize(request),
    async revokeToken(request) {
      requireText("jti", request.jti);
      requireText("tenant_id", request.tenantId);
      if (request.exp <= 0n) throw new SidecarError("validation_failed", "exp must be positive");
      const { jti, tenantId } = request;
      const alreadyRevoked = await store(() =>
        revocations.revoke({ jti, tenantId, exp: Number(request.exp) }),
      );
      return create(RevokeTokenResponseSchema, { alreadyRevoked });
    },
    async revokeAppTokens(request) {
      requireText("app_id", request.appId);
      requireText("tenant_id", request.tenantId);
      const { issuedBefore, expiresAt } = request;
      if (issuedBefore <= 0n || expiresAt < issuedBefore) {
        throw new SidecarError("validation_failed", "need 0 < issued_before <= expires_at");
      }
      const alreadyRevoked = await store(() =>
        revocations.revokeApp({
          appId: request.appId,
          tenantId: request.tenantId,
          issuedBefore: Number(issuedBefore),
          expiresAt: Number(expiresAt),
        }),
      );
      return create(RevokeAppTokensResponseSchema, { alreadyRevoked });
    },
    async isRevoked(request) {
      requireText("jti", request.jti);
      const revoked = revocations.isRevoked(request.jti);
      return create(IsRevokedResponseSchema, { revoked });
    },
    async getJwks() {
      if (!jwks) throw new SidecarError("unavailable", "no JWKS configured");
      const keys = await jwks.keys().catch((error: unknown) => {
        throw new SidecarError("unavailable", "JWKS unavailable", { cause: error });
      });
      return create(GetJwksResponseSchema, {
        keys: keys.filter((key) => key.kty === "RSA").map(toJwk),
        fetchedAt: jwks.fetchedAt?.toISOString() ?? "",
      });
    },
  };
}
