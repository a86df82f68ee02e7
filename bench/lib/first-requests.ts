import { SCOPES } from "../../server/control-plane/oauth/scopes.js";

/** Every scope of the contract: the first-request tour calls every kind of route. */
export const TOUR_SCOPES: readonly string[] = SCOPES;

/**
 * One request of each kind the gateway serves — KV, entities, files, analytics (ingest and
 * query), audit, secrets — so every store and engine behind it has been opened and used once:
 * the state a memory row measures ("idle after the first request of each kind").
 */
export async function firstRequestOfEachKind(baseUrl: string, token: string): Promise<void> {
  const send = async (method: string, path: string, body?: unknown, type = "application/json") => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": type }),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const now = new Date();
  await send("PUT", "/v1/kv/tour", { value: "1" });
  await send("GET", "/v1/kv/tour");
  await send("POST", "/v1/entities/people", { display_name: "Tour Guide" });
  await send("GET", "/v1/entities/people?limit=5");
  await send("PUT", "/v1/files/tour.txt", "hello", "text/plain");
  await send("GET", "/v1/files/tour.txt");
  await send("POST", "/v1/analytics/events", {
    events: [{ name: "tour", timestamp: now.toISOString(), properties: { step: 1 } }],
  });
  await send("POST", "/v1/analytics/query", {
    event: "tour",
    from: new Date(now.getTime() - 3_600_000).toISOString(),
    to: new Date(now.getTime() + 60_000).toISOString(),
    aggregate: "count",
  });
  await send("PUT", "/v1/secrets/tour", { value: "s3cret" });
  await send("GET", "/v1/secrets/tour");
  await send("GET", "/v1/audit/events?limit=5");
}
