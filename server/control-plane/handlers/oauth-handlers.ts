import type { ControlPlaneHandlers } from "../../../gen/routes/controlPlane.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { OutboxRelay } from "../audit/outbox-relay.js";
import type { KeyRing } from "../keys/key-ring.js";
import type { ClientAuthenticator } from "../oauth/client-authenticator.js";
import { readClientCredentials } from "../oauth/client-credentials.js";
import { serverMetadata } from "../oauth/server-metadata.js";
import type { TokenInspection } from "../oauth/token-inspection.js";
import type { TokenService } from "../oauth/token-service.js";
import type { ControlPlaneContext } from "./context.js";

type OAuthOperation =
  | "issueToken"
  | "introspectToken"
  | "revokeToken"
  | "getJwks"
  | "getServerMetadata";

/** What the OAuth handlers call. */
export interface OAuthServices {
  tokens: TokenService;
  authenticator: ClientAuthenticator;
  inspection: TokenInspection;
  keys: KeyRing;
  relay: OutboxRelay;
  issuer: string;
  /** How long a revocation waits for the sidecar's deny-list before answering 503. */
  revocationWaitMs?: number;
}

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/**
 * The OAuth endpoints. Errors thrown as OAuthError become RFC 6749 §5.2 bodies (see
 * http/oauth-routes.ts); rate limiting and outages stay Problems.
 */
export function oauthHandlers(
  s: OAuthServices,
): Pick<ControlPlaneHandlers<ControlPlaneContext>, OAuthOperation> {
  const authenticate = async (fields: object, ctx: ControlPlaneContext) =>
    s.authenticator.authenticate(
      readClientCredentials(ctx.authorization, fields),
      ctx.clientAddress,
    );
  return {
    async issueToken({ body }, ctx) {
      const answer = await s.tokens.issue(body, ctx);
      return { status: 200, body: answer, headers: NO_STORE };
    },
    async introspectToken({ body }, ctx) {
      const app = await authenticate(body, ctx);
      return {
        status: 200,
        body: await s.inspection.introspect(body.token, app),
        headers: NO_STORE,
      };
    },
    async revokeToken({ body }, ctx) {
      const app = await authenticate(body, ctx);
      const pending = await s.inspection.revoke(body.token, app, ctx.requestId);
      if (pending.length > 0) {
        const delivered = await s.relay.deliveredWithin(pending, s.revocationWaitMs ?? 3_000);
        if (!delivered) {
          throw new ApiError(
            "unavailable",
            "The token is revoked here but has not reached the gateway's deny-list yet; retry.",
            { headers: { "retry-after": "5" } },
          );
        }
      }
      return { status: 200, body: undefined, headers: NO_STORE };
    },
    async getJwks() {
      const keys = await s.keys.jwks();
      return { status: 200, body: { keys }, headers: { "cache-control": "public, max-age=60" } };
    },
    async getServerMetadata() {
      const body = serverMetadata(s.issuer);
      return { status: 200, body, headers: { "cache-control": "public, max-age=300" } };
    },
  };
}
