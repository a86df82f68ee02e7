import { type TokenClaims, TokenRejectReason } from "../../gen/proto/coresdk/v1/auth_pb.js";
import type { CallerCredential } from "../../lib/caller-credential.js";
import type { TokenVerdict } from "../auth/token-validator.js";
import { SidecarError, TOKEN_REJECT_REASON_HEADER } from "../errors/sidecar-error.js";
import { type CallerRule, callerRule, type DeclaredCaller } from "./caller-rules.js";

/** What the guard is built from. */
export interface CallerGuardOptions {
  /**
   * The platform caller credential; undefined only when mTLS is on and no credential is set
   * (the TLS layer has then verified the client certificate before any call arrives).
   */
  credential: CallerCredential | undefined;
  /** AuthService.ValidateToken's logic (verified tokens are cached, so this is cheap). */
  validate: (token: string) => Promise<TokenVerdict>;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * Decides, before any service sees a call, who is calling — from what a local process cannot
 * forge, never from request fields (DESIGN.md §5). The connect interceptor and the lean gRPC
 * dispatcher both ask it; CALLER_RULES (caller-rules.ts) says what each RPC needs.
 *
 * @example
 *   const refusal = guard.credentialRefusal(method, headers["cpod-caller-credential"]);
 *   if (refusal) throw refusal;
 *   await guard.bindCaller(method, request, headers.authorization);
 */
export class CallerGuard {
  readonly #credential: CallerCredential | undefined;
  readonly #validate: CallerGuardOptions["validate"];

  constructor(options: CallerGuardOptions) {
    this.#credential = options.credential;
    this.#validate = options.validate;
  }

  /** The refusal (unauthenticated) for a call without the platform credential, else undefined. */
  credentialRefusal(
    method: string,
    presented: string | readonly string[] | null | undefined,
  ): SidecarError | undefined {
    if (!this.#credential || callerRule(method).kind === "public") return undefined;
    if (this.#credential.matches(presented ?? undefined)) return undefined;
    return new SidecarError(
      "unauthenticated",
      `${method} needs the platform caller credential (${CREDENTIAL_HINT})`,
    );
  }

  /**
   * For a tenant-scoped RPC: derives the caller from the access token in `authorization`,
   * refuses a request declaring someone else (or lacking the rule's scope), and writes the
   * derived caller into the request. Other RPCs are left as they are.
   */
  async bindCaller(
    method: string,
    message: object | undefined,
    authorization: string | null | undefined,
  ): Promise<void> {
    const rule = callerRule(method);
    if (rule.kind !== "tenant") return;
    if (!message) throw new SidecarError("internal", `${method} cannot bind a caller to a stream`);
    const claims = await this.#claims(method, authorization);
    refuseMismatch(method, rule.binding.declared(message), claims);
    refuseMissingScope(method, rule, claims);
    rule.binding.bind(message, claims);
  }

  async #claims(method: string, authorization: string | null | undefined): Promise<TokenClaims> {
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!token) {
      throw new SidecarError(
        "unauthenticated",
        `${method} acts for a tenant: send the caller's access token as "authorization: Bearer <token>"`,
      );
    }
    const verdict = await this.#validate(token);
    if (verdict.valid) return verdict.claims;
    const reason = TokenRejectReason[verdict.reason]?.toLowerCase() ?? "invalid";
    throw new SidecarError("invalid_token", `the caller's access token was rejected (${reason})`, {
      metadata: { [TOKEN_REJECT_REASON_HEADER]: reason },
    });
  }
}

const CREDENTIAL_HINT = "metadata cpod-caller-credential, see CORESDK_CALLER_CREDENTIAL_FILE";

function refuseMismatch(
  method: string,
  declared: DeclaredCaller | undefined,
  claims: TokenClaims,
): void {
  if (!declared) return;
  const differs =
    (declared.tenantId !== "" && declared.tenantId !== claims.tenantId) ||
    (declared.appId !== undefined && declared.appId !== "" && declared.appId !== claims.appId) ||
    (declared.userId !== undefined && declared.userId !== claims.userId);
  if (differs) {
    throw new SidecarError(
      "permission_denied",
      `${method}: the declared caller is not the access token's tenant, app and user`,
    );
  }
}

function refuseMissingScope(method: string, rule: CallerRule, claims: TokenClaims): void {
  if (rule.kind !== "tenant" || !rule.scope || claims.scopes.includes(rule.scope)) return;
  throw new SidecarError("permission_denied", `${method} needs the ${rule.scope} scope`);
}
