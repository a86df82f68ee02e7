import type { FastifyRequest, FastifyServerOptions } from "fastify";
import type { ConfigErrorFactory } from "../../../lib/master-key.js";

/** Log levels pino accepts, for `CPOD_LOG_LEVEL`. */
const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** One of the levels `CPOD_LOG_LEVEL` may name. */
export type LogLevel = (typeof LEVELS)[number];

/**
 * `CPOD_LOG_LEVEL` (default `info`); anything else throws `configError(…)` naming the variable,
 * as the calling program's own class.
 *
 * @example
 *   const level = parseLogLevel(env.CPOD_LOG_LEVEL, (m) => new ConfigError(m));
 */
export function parseLogLevel(
  value: string | undefined,
  configError: ConfigErrorFactory,
): LogLevel {
  const chosen = value ?? "info";
  const level = LEVELS.find((l) => l === chosen);
  if (!level) throw configError(`CPOD_LOG_LEVEL=${chosen} must be one of ${LEVELS.join(", ")}`);
  return level;
}

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
 * and bodies are never logged. The level comes from the program's config (`parseLogLevel`).
 *
 * @example
 *   Fastify({ logger: loggerOptions("gateway", config.logLevel) });
 */
export function loggerOptions(
  program: string,
  level: LogLevel,
): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
  return {
    level,
    base: { program },
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, url: maskedUrl(request) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
