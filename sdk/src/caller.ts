import { type HttpConfig, type HttpResult, type RequestSpec, send } from "./http.js";
import type { TokenSource } from "./token-source.js";

/** A request as a resource module states it; the caller adds the right credentials. */
export type Call = Omit<RequestSpec, "tokens">;

/**
 * What the resource modules call: `app` sends with the app's OAuth token, `admin` with the
 * admin token. Resources never see credentials or the retry machinery.
 */
export interface Caller {
  app<T>(call: Call): Promise<HttpResult<T>>;
  admin<T>(call: Call): Promise<HttpResult<T>>;
}

/** Builds the caller for a client; a missing credential is reported when first needed. */
export function createCaller(
  config: HttpConfig,
  credentials: { app: () => TokenSource; admin: () => TokenSource },
): Caller {
  return {
    app: (call) => send(config, { ...call, tokens: credentials.app() }),
    admin: (call) => send(config, { ...call, tokens: credentials.admin() }),
  };
}

/** Percent-encodes one path segment (a key, a name, an id). */
export const segment = (value: string): string => encodeURIComponent(value);

/** Percent-encodes a file path segment by segment, keeping its slashes. */
export const filePath = (path: string): string => path.split("/").map(segment).join("/");

/** ISO-8601 text for a `Date` (or passes a string through), for date-time fields and params. */
export const isoTime = (value: string | Date | undefined): string | undefined =>
  value instanceof Date ? value.toISOString() : value;
