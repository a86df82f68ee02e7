import { context, SpanKind } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from "@opentelemetry/semantic-conventions";
import { inSpan } from "./run-span.js";
import type { Tracing } from "./start-tracing.js";

/**
 * `fetch` with a client span per call (`<METHOD> <host>`, no path: it may hold ids) and the
 * W3C `traceparent` in its request headers, for an HTTP hop to another cPod program (the
 * gateway's control-plane proxy). Headers given as a plain object or `Headers` are copied,
 * never changed in place.
 *
 * @example
 *   new ControlPlaneProxy({ baseUrl, fetch: tracedFetch(tracing) });
 */
export function tracedFetch(tracing: Tracing, base: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init.method ?? "GET";
    const options = { kind: SpanKind.CLIENT, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } };
    return inSpan(tracing.tracer, `${method} ${url.host}`, options, async (span) => {
      const headers = new Headers(init.headers);
      tracing.propagator.inject(context.active(), headers, {
        set: (carrier, key, value) => carrier.set(key, value),
      });
      const response = await base(input, { ...init, headers });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      return response;
    });
  };
}
