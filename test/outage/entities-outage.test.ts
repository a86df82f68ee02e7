// Issue #13 item 14, entities: the entity routes against a private FerretDB (MongoDB wire
// protocol) and a private PostgreSQL (the JSONB adapter), each killed and brought back, through
// the real gateway with the store the composition root opens (openEntityStore and its driver
// bounds). FerretDB is also paused (SIGSTOP) once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayEntities, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import {
  type EntityStoreSettings,
  openEntityStore,
} from "../../server/gateway/adapters/open-entity-store.js";
import { entityTypes } from "../../server/gateway/entities/index.js";
import { bearer, type Stack, startStack } from "../gateway/harness.js";
import {
  hasServer,
  type PrivateServer,
  privateFerretDb,
  privatePostgres,
} from "../helpers/private-server.js";
import { expectRecovers, expectUnavailable, injected } from "./expect-outage.js";

const TYPES = entityTypes(gatewayEntities, gatewaySchemaDocument.components.schemas);
const PEOPLE = "/v1/entities/people";

const BACKENDS = [
  {
    name: "FerretDB (mongodb driver)",
    available: hasServer("ferretdb"),
    start: privateFerretDb,
    settings: (url: string): Partial<EntityStoreSettings> => ({ mongoUrl: url }),
    pausable: true,
  },
  {
    name: "PostgreSQL (pg, JSONB adapter)",
    available: hasServer("postgres"),
    start: privatePostgres,
    settings: (url: string): Partial<EntityStoreSettings> => ({ postgresUrl: url }),
    pausable: false,
  },
];

describe.each(BACKENDS)("entity store outage — $name", (backend) => {
  let server: PrivateServer;
  let stack: Stack;
  let auth: Record<string, string>;
  let dataDir: string;
  let close: () => Promise<void> = async () => {};
  const create = (name: string) =>
    stack.gateway
      .inject({ method: "POST", url: PEOPLE, headers: auth, payload: { display_name: name } })
      .then(injected);
  const get = (id: string) =>
    stack.gateway.inject({ method: "GET", url: `${PEOPLE}/${id}`, headers: auth }).then(injected);
  const list = () =>
    stack.gateway.inject({ method: "GET", url: PEOPLE, headers: auth }).then(injected);

  beforeAll(async () => {
    if (!backend.available) return;
    server = (await backend.start()) as PrivateServer;
    dataDir = await mkdtemp(join(tmpdir(), "cpod-outage-entities-"));
    const opened = await openEntityStore(
      { dataDir, ...backend.settings(server.url) },
      TYPES.values(),
    );
    close = opened.close;
    stack = await startStack({
      entities: { store: opened.store, cursorKey: new Uint8Array(32).fill(3) },
    });
    auth = bearer(await stack.token("ten_alpha"));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await close().catch(() => {});
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!backend.available)(
    "server killed → create, get and list answer 503 with Retry-After fast; back → the entity is there",
    async () => {
      const made = await create("Before");
      expect(made.status, made.body).toBe(201);
      const { id } = JSON.parse(made.body);
      await server.stop();
      await expectUnavailable(() => create("During"), `${backend.name} killed, create`);
      await expectUnavailable(() => get(id), `${backend.name} killed, get`);
      await expectUnavailable(() => list(), `${backend.name} killed, list`);
      await server.start();
      const back = await expectRecovers(() => get(id), 200);
      expect(JSON.parse(back.body)).toMatchObject({ id, display_name: "Before", version: 1 });
      const names = JSON.parse((await list()).body).items.map(
        (p: { display_name: string }) => p.display_name,
      );
      expect(names).not.toContain("During");
      expect((await create("After")).status).toBe(201);
    },
  );

  it.skipIf(!backend.available || !backend.pausable)(
    "server paused (SIGSTOP) → 503 within the socket bound instead of hanging; resumed → works",
    async () => {
      const made = await create("Paused");
      const { id } = JSON.parse(made.body);
      await server.pause();
      try {
        const started = Date.now();
        const res = await get(id);
        const ms = Date.now() - started;
        expect(res.status, res.body).toBe(503);
        expect(res.headers["retry-after"]).toMatch(/^\d+$/);
        expect(ms).toBeLessThan(6_000);
        console.info(`[outage] ${backend.name} paused, get: 503 in ${ms} ms`);
      } finally {
        server.resume();
      }
      await expectRecovers(() => get(id), 200);
    },
  );
});
