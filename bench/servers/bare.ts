/**
 * The baseline of the gateway comparisons: a bare fastify server (default options, no logger,
 * no schema validation, no auth, no audit) answering the same routes from the same embedded
 * stores through the same services the gateway's handlers call — KvService over MemoryKvStore,
 * EntityService over the embedded PostgreSQL under CPOD_DATA_DIR. What the gateway costs on top of this is the
 * price of the contract: validation, the four sidecar steps and the audit record.
 */
import Fastify from "fastify";
import { gatewayEntities, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { openEntityStore } from "../../server/gateway/adapters/open-entity-store.js";
import { EntityService, entityTypes } from "../../server/gateway/entities/index.js";
import { MemoryKvStore } from "../../server/gateway/kv/adapters/memory-kv-store.js";
import { KvService, type Scope } from "../../server/gateway/kv/index.js";
import { ApiError } from "../../server/shared/errors/api-error.js";

const [host = "127.0.0.1", port = "0"] = (process.env.BENCH_BARE_ADDR ?? "").split(":");
const caller = { tenantId: "ten_bench", appId: "app_bench", subject: "app_bench" };
const scope: Scope = { tenantId: caller.tenantId, tier: "private", appId: caller.appId };

const types = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
const opened = await openEntityStore(
  { dataDir: process.env.CPOD_DATA_DIR ?? ".cpod" },
  types.values(),
);
const entities = new EntityService({
  store: opened.store,
  types,
  cursorKey: new Uint8Array(32).fill(7),
});
const kv = new KvService(new MemoryKvStore());

const app = Fastify();
app.setErrorHandler((error, _request, reply) => {
  const status = error instanceof ApiError ? 400 : 500;
  void reply.code(status).send({ error: (error as Error).message });
});
app.get("/healthz", async () => ({ status: "ok" }));
app.get<{ Params: { key: string } }>("/v1/kv/:key", (request) => kv.get(scope, request.params.key));
app.put<{ Params: { key: string }; Body: { value: unknown } }>("/v1/kv/:key", (request) =>
  kv.put(scope, request.params.key, request.body as { value: never }),
);
app.post("/v1/entities/people", async (request, reply) => {
  reply.code(201);
  return entities.create(caller, "Person", request.body);
});
app.get<{ Querystring: Record<string, string> }>("/v1/entities/people", (request) =>
  entities.list(caller, "Person", request.query),
);

await app.listen({ host, port: Number(port) });
const stop = async () => {
  await app.close();
  await opened.close();
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
