import type { FastifyRequest, FastifyServerOptions } from "fastify";

/** Log levels pino accepts, for `CPOD_LOG_LEVEL`. */
const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * A request URL with nothing the client chose in it: the contract's path template when the
 * route matched (`/v1/kv/{key}`, not the key), and query parameter names without their values
 * (`?filter=…&limit=…`). Keys, file paths, filters and cursors can all carry personal data or
 * tokens, so they are masked by construction rather than by pattern.
 */
export function maskedUrl(request: FastifyRequest): string {
  const config = request.routeOptions?.config as { path?: string } | undefined;
  const [path = "", query] = request.url.split("?", 2);
  const shown =
    config?.path ?? (request.routeOptions?.url ? request.routeOptions.url : "(unmatched)");
  const names = query
    ? [...new URLSearchParams(query).keys()].map((name) => `${encodeURIComponent(name)}=…`)
    : [];
  return `${shown === "(unmatched)" ? `(unmatched ${path.length}-char path)` : shown}${names.length ? `?${names.join("&")}` : ""}`;
}

/**
 * The pino options every cPod REST program logs with: JSON lines with `reqId`, the program name,
 * and request fields limited to method, masked URL and status. Headers (Authorization, cookies)
 * and bodies are never logged. A bad `CPOD_LOG_LEVEL` stops the program naming the variable.
 *
 * @example
 *   Fastify({ logger: loggerOptions("gateway", process.env.CPOD_LOG_LEVEL) });
 */
export function loggerOptions(
  program: string,
  level: string | undefined,
): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  const chosen = level ?? "info";
  if (!(LEVELS as readonly string[]).includes(chosen)) {
    throw new Error(`CPOD_LOG_LEVEL=${chosen} must be one of ${LEVELS.join(", ")}`);
  }
  return {
    level: chosen,
    base: { program },
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, url: maskedUrl(request) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
