import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OAuthError } from "../oauth/oauth-error.js";

/** The operations that answer errors with RFC 6749 §5.2 bodies instead of Problems. */
export const OAUTH_OPERATIONS = new Set(["issueToken", "introspectToken", "revokeToken"]);
const GRANT_TYPES = new Set(["client_credentials", "refresh_token"]);

/** Maps what went wrong before or inside an OAuth handler to an OAuthError, if it is one. */
function asOAuthError(error: FastifyError, request: FastifyRequest): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  if (error.validation) {
    const grant = (request.body as { grant_type?: unknown } | undefined)?.grant_type;
    if (
      request.routeOptions.url === "/v1/oauth/token" &&
      typeof grant === "string" &&
      !GRANT_TYPES.has(grant)
    ) {
      return new OAuthError("unsupported_grant_type", "Use client_credentials or refresh_token.");
    }
    const field = error.validation[0]?.instancePath || "";
    return new OAuthError(
      "invalid_request",
      `The request is malformed${field ? ` at ${field}` : ""}.`,
    );
  }
  if (error.statusCode === 400 || error.statusCode === 415) {
    return new OAuthError("invalid_request", "Send the parameters form-encoded.");
  }
  return undefined;
}

/** A route error handler: OAuth-shaped answers here, everything else to the Problem handler. */
function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const oauth = asOAuthError(error, request);
  if (!oauth) throw error;
  return reply
    .code(oauth.status)
    .headers(oauth.headers(request.headers.authorization !== undefined))
    .type("application/json")
    .serializer(JSON.stringify)
    .send(oauth.body);
}

/** RFC 6749 §3.2 / RFC 7662 / RFC 7009: these endpoints take form-encoded parameters only. */
async function formOnly(request: FastifyRequest): Promise<void> {
  const type = String(request.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "Send the parameters form-encoded.");
  }
}

/**
 * Gives the token, introspection and revocation routes RFC 6749 §5.2 error bodies — including
 * for requests that fail the schema, which fastify rejects before the handler runs — because
 * OAuth client libraries parse that shape. Rate limiting and server failures stay Problems, as
 * the contract says. Call before the routes are registered.
 *
 * @example
 *   installOAuthRoutes(app);
 *   registerRoutes(app, { routes, handlers, context });
 */
export function installOAuthRoutes(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const operationId = (route.config as { operationId?: string } | undefined)?.operationId;
    if (!operationId || !OAUTH_OPERATIONS.has(operationId)) return;
    route.errorHandler = oauthErrorHandler;
    route.preValidation = [...[route.preValidation ?? []].flat(), formOnly];
  });
}
