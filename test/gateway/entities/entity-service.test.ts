import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayEntities } from "../../../gen/routes/gateway.js";
import type { SqlClient } from "../../../lib/sql/index.js";
import { SqlEntityStore } from "../../../server/gateway/entities/adapters/sql-entity-store.js";
import { type Caller, EntityService } from "../../../server/gateway/entities/index.js";
import { openFreshDatabase } from "../../helpers/sql-database.js";
import { CURSOR_KEY, types } from "./fixtures.js";

/** The bundled spec keeps `examples` (the route module strips them for fastify). */
const spec = JSON.parse(readFileSync("gen/openapi/gateway.json", "utf8")) as {
  components: {
    schemas: Record<string, { properties?: Record<string, { examples?: unknown[] }> }>;
  };
};

/** A body for a type made of its schema's examples: the test knows no type by name. */
function exampleBody(type: string, fields: readonly string[]): Record<string, unknown> {
  const props = spec.components.schemas[type]?.properties ?? {};
  return Object.fromEntries(
    fields.map((f) => [f, props[f]?.examples?.[0]]).filter(([, v]) => v !== undefined),
  );
}

describe("EntityService", () => {
  let sql: SqlClient;
  let service: EntityService;
  const caller: Caller = {
    tenantId: "ten_01JD6QB3C4D5E6F7G8H9J0K1M2",
    appId: "app-9",
    subject: "user-9",
  };

  beforeAll(async () => {
    sql = await openFreshDatabase();
    const store = await SqlEntityStore.open(sql, types.values());
    let n = 0;
    service = new EntityService({
      store,
      types,
      cursorKey: CURSOR_KEY,
      now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, n++)),
      ulid: () => `01JD6QB3C4D5E6F7G8H9J0K${String(100 + n).padStart(3, "0")}`,
    });
  });
  afterAll(() => sql?.close());

  it("stamps ids, tenant, app, user, times and version from its inputs only", async () => {
    const made = await service.create(caller, "Group", { name: "Platform", version: 5 });
    expect(made).toEqual({
      id: "grp_01JD6QB3C4D5E6F7G8H9J0K100",
      tenant_id: caller.tenantId,
      app_id: "app-9",
      created_at: "2025-01-01T00:00:00.000Z",
      updated_at: "2025-01-01T00:00:00.000Z",
      created_by: "user-9",
      updated_by: "user-9",
      version: 1,
      is_deleted: false,
      deleted_at: null,
      name: "Platform",
    });
  });

  it.each(gatewayEntities.map((e) => [e.type, e] as const))(
    "serves %s from the contract alone: create, get, filter and sort on each indexed field",
    async (name, info) => {
      const body = exampleBody(name, info.fields);
      const made = await service.create(caller, name, body);
      expect(made).toMatchObject(body);
      expect(made.id.startsWith(`${info.id_prefix}_`)).toBe(true);
      expect(await service.get(caller, name, made.id)).toEqual(made);
      for (const field of info.indexed) {
        const filter = JSON.stringify({ [field]: body[field], id: made.id });
        expect((await service.list(caller, name, { filter })).items).toEqual([made]);
        const sorted = await service.list(caller, name, { sort: `-${field}` });
        expect(sorted.items.map((e) => e.id)).toContain(made.id);
      }
    },
  );

  it("throws TypeError for a type the contract does not declare", async () => {
    await expect(service.list(caller, "Nope")).rejects.toThrow(TypeError);
  });
});
