import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, type FieldError } from "../errors/api-error.js";
import { HTTP_ERRORS } from "../errors/http-status.js";
import { AllowedMethods } from "./allowed-methods.js";

const PROBLEM_TYPE = "https://cpod.dev/problems/";
const GENERIC_5XX = "The server could not complete the request; quote the request id to support.";
/** 5xx codes whose detail is always a sentence of ours (never an exception's text). */
const SAFE_5XX_DETAIL = new Set(["not_implemented", "unavailable", "timeout"]);

/** The RFC 9457 body for an ApiError; 5xx bodies never carry the error's own text. */
export function problemBody(error: ApiError, requestId: string): Record<string, unknown> {
  const { status, title } = HTTP_ERRORS[error.code];
  return {
    type: `${PROBLEM_TYPE}${error.code}`,
    title,
    status,
    code: error.code,
    detail:
      status >= 500 && !SAFE_5XX_DETAIL.has(error.code) ? GENERIC_5XX : (error.detail ?? title),
    request_id: requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** Sends an ApiError as `application/problem+json` with its headers. */
export function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .header("x-request-id", String(reply.request.id))
    .type("application/problem+json")
    .serializer(JSON.stringify)
    .send(problemBody(error, String(reply.request.id)));
}

function fieldErrors(error: FastifyError): FieldError[] {
  const context = error.validationContext ?? "body";
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as { additionalProperty?: string; missingProperty?: string };
    const extra = params.additionalProperty ?? params.missingProperty;
    const path = `/${context}${issue.instancePath}${extra ? `/${extra}` : ""}`;
    const message =
      issue.keyword === "additionalProperties" ? "unknown field" : (issue.message ?? "invalid");
    return { path, message };
  });
}

/** Maps fastify's own failures (validation, parsing, limits) onto contract error codes. */
function fromFastify(error: FastifyError): ApiError {
  if (error.validation) {
    return new ApiError("validation_failed", "The request does not match the schema.", {
      errors: fieldErrors(error),
    });
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("payload_too_large", "The request body is over the size limit.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError("unsupported_media_type", "This content type is not accepted here.");
    case "FST_ERR_BAD_URL":
      return new ApiError("bad_request", "The URL is not valid (malformed percent-encoding).");
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new ApiError("uri_too_long", "A path parameter is over the length limit.");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ApiError("bad_request", "The body is not valid JSON.");
  }
  if (error.statusCode === 400 || error instanceof SyntaxError) {
    return new ApiError("bad_request", "The request could not be parsed.", { cause: error });
  }
  return ApiError.from(error);
}

/**
 * fastify's `frameworkErrors`: what the router refuses before a route is chosen (a URL that does
 * not percent-decode, a path parameter past `maxParamLength`) — no hook has run, so the request
 * id header is set by `sendProblem` itself.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  sendProblem(reply, fromFastify(error));
}

/** The 404 for an unrouted request, or a 405 with `Allow` when the path exists for other methods. */
function unrouted(request: FastifyRequest, allowed: AllowedMethods): ApiError {
  const path = request.url.split("?")[0] ?? "";
  const methods = allowed.for(path);
  if (methods.length > 0 && !methods.includes(request.method)) {
    return new ApiError("method_not_allowed", `${path} does not accept ${request.method}`, {
      headers: { allow: methods.join(", ") },
    });
  }
  return new ApiError("not_found", `No route ${request.method} ${path}`);
}

/** Installs the one error handler and the 404/405 handler; every failure becomes a Problem. */
export function installProblemHandlers(app: FastifyInstance): void {
  const allowed = new AllowedMethods();
  app.addHook("onRoute", (route) => allowed.add(route));
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = error instanceof ApiError ? error : fromFastify(error);
    if (apiError.status >= 500) request.log.error({ err: error }, "request failed");
    return sendProblem(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, unrouted(request, allowed)));
}
