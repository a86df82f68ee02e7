import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConflictError,
  CpodClient,
  isCpodError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from "../../sdk/src/index.js";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";

/**
 * The SDK against a real `cpod dev` (gateway, sidecar and control plane over real sockets, on
 * embedded stores), driving every namespace the way an app does.
 */
let platform: RunningDevPlatform;
let client: CpodClient;
let admin: CpodClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  platform = await startDevPlatform();
  client = new CpodClient({
    baseUrl: platform.baseUrl,
    clientId: platform.clientId,
    clientSecret: platform.clientSecret,
  });
  admin = new CpodClient({ baseUrl: platform.baseUrl, adminToken: platform.adminToken });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

describe("@cpod/sdk against cpod dev", () => {
  it("entities: create, get, conditional update, paginated typed list, soft delete", async () => {
    const people = client.entities.people;
    const created = await Promise.all(
      [1, 2, 3].map((n) =>
        people.create({ display_name: `E2E ${run} ${n}`, external_id: `e2e-${run}-${n}` }),
      ),
    );
    const ada = created[0] as (typeof created)[number];
    expect(ada).toMatchObject({
      id: expect.stringMatching(/^per_/),
      version: 1,
      tenant_id: platform.tenantId,
    });
    expect(await people.get(ada.id)).toMatchObject({ display_name: ada.display_name });

    const updated = await people.update(
      ada.id,
      { email: `ada-${run}@example.org` },
      { ifVersion: 1 },
    );
    expect(updated.version).toBe(2);
    await expect(
      people.update(ada.id, { first_name: "Stale" }, { ifVersion: 1 }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);

    const filter = { external_id: { $in: created.map((p) => p.external_id ?? "") } };
    const first = await people.list({ filter, sort: "external_id", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.hasNextPage()).toBe(true);
    const ids: string[] = [];
    for await (const person of people.list({ filter, sort: "external_id", limit: 2 }))
      ids.push(person.id);
    expect(ids).toEqual(created.map((p) => p.id));

    await people.delete(ada.id);
    await expect(people.get(ada.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("entities: every generated namespace round-trips", async () => {
    const group = await client.entities.groups.create({ name: `Team ${run}` });
    const asset = await client.entities.technologyAssets.create({
      name: `Laptop ${run}`,
      status: "in_use",
    });
    const license = await client.entities.softwareLicenses.create({
      product: `IDE ${run}`,
      seats: 5,
    });
    expect((await client.entities.groups.get(group.id)).name).toBe(`Team ${run}`);
    expect((await client.entities.technologyAssets.get(asset.id)).status).toBe("in_use");
    expect((await client.entities.softwareLicenses.get(license.id)).seats).toBe(5);
  });

  it("surfaces a bad body as ValidationError with the failing fields", async () => {
    const error = await client.entities.people
      .create({ display_name: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.length).toBeGreaterThan(0);
    expect((error as ValidationError).requestId).toBeTruthy();
  });

  it("kv: set, get, compare-and-set, incr, list, delete", async () => {
    const key = `e2e:${run}:cart`;
    const entry = await client.kv.set(key, { items: 2 }, { ttlSeconds: 600 });
    expect(entry).toMatchObject({ key, value: { items: 2 }, version: 1 });
    expect((await client.kv.get<{ items: number }>(key)).value.items).toBe(2);
    await expect(client.kv.set(key, { items: 3 }, { ifVersion: 7 })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(await client.kv.incr(`e2e:${run}:hits`, 5)).toBe(5);
    expect(await client.kv.incr(`e2e:${run}:hits`)).toBe(6);
    const keys: string[] = [];
    for await (const item of client.kv.list({ prefix: `e2e:${run}:` })) keys.push(item.key);
    expect(keys).toEqual([`e2e:${run}:cart`, `e2e:${run}:hits`]);
    await client.kv.delete(key);
    await expect(client.kv.get(key)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("files: upload from Buffer and stream with progress, ranged download, head, list, presign, delete", async () => {
    const path = `e2e/${run}/hello.txt`;
    const progress: number[] = [];
    const stored = await client.files.upload(path, Buffer.from("hello, cPod"), {
      contentType: "text/plain",
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(stored).toMatchObject({ path, size: 11, content_type: "text/plain" });
    expect(progress.at(-1)).toBe(11);
    const streamed = await client.files.upload(
      `e2e/${run}/stream.bin`,
      new Blob(["abc", "def"]).stream(),
    );
    expect(streamed.size).toBe(6);

    const whole = await client.files.download(path);
    expect(await whole.text()).toBe("hello, cPod");
    expect(whole.sha256).toBe(stored.sha256);
    const slice = await client.files.download(path, { range: { start: 7 } });
    expect(slice.status).toBe(206);
    expect(await slice.text()).toBe("cPod");
    expect((await client.files.head(path)).size).toBe(11);

    const paths: string[] = [];
    for await (const file of client.files.list({ prefix: `e2e/${run}/` })) paths.push(file.path);
    expect(paths).toEqual([path, `e2e/${run}/stream.bin`]);

    const url = await client.files.presignDownload(path, { expiresIn: 60 });
    const viaUrl = await fetch(url.url);
    expect(await viaUrl.text()).toBe("hello, cPod");

    await client.files.delete(path);
    await expect(client.files.head(path)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("analytics: ingest a batch and query it", async () => {
    const name = `e2e_${run}`;
    const at = new Date();
    const result = await client.analytics.ingest([
      { name, timestamp: at, user_id: "u1", properties: { plan: "pro", amount: 10 } },
      { name, timestamp: at, user_id: "u2", properties: { plan: "free", amount: 5 } },
    ]);
    expect(result.accepted).toBe(2);
    const from = new Date(at.getTime() - 60_000);
    const to = new Date(at.getTime() + 60_000);
    let rows: { group: Record<string, unknown>; value: number | null }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = (
        await client.analytics.query({
          event: name,
          from,
          to,
          aggregate: "sum",
          property: "amount",
          group_by: ["plan"],
        })
      ).rows;
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows.map((r) => [r.group.plan, r.value]).sort()).toEqual([
      ["free", 5],
      ["pro", 10],
    ]);
  });

  it("secrets: set, get, list names only, delete", async () => {
    const name = `E2E_${run.toUpperCase()}`;
    const meta = await client.secrets.set(name, "s3cr3t-value", { description: "e2e" });
    expect(meta).not.toHaveProperty("value");
    expect((await client.secrets.get(name)).value).toBe("s3cr3t-value");
    const names: string[] = [];
    for await (const secret of client.secrets.list()) {
      names.push(secret.name);
      expect(secret).not.toHaveProperty("value");
    }
    expect(names).toContain(name);
    await client.secrets.delete(name);
    await expect(client.secrets.get(name)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("audit: the calls above are in the chain, and the chain verifies", async () => {
    const actions = new Set<string>();
    for await (const record of client.audit.list({ limit: 100 })) actions.add(record.action);
    expect(actions.size).toBeGreaterThan(3);
    const verified = await client.audit.verify();
    expect(verified).toMatchObject({ valid: true });
    expect(verified.checked).toBeGreaterThan(0);
  });

  it("oauth.apps: create, use, rotate, delete", async () => {
    const app = await admin.oauth.apps.create({
      tenant_id: platform.tenantId,
      name: `e2e ${run}`,
      declared_scopes: ["kv.read", "kv.write"],
      app_type: "service",
    });
    expect(app.client_secret).toMatch(/^cs_/);
    expect((await admin.oauth.apps.get(app.client_id)).name).toBe(`e2e ${run}`);
    const listed: string[] = [];
    for await (const a of admin.oauth.apps.list({ tenantId: platform.tenantId }))
      listed.push(a.client_id);
    expect(listed).toContain(app.client_id);

    const appClient = new CpodClient({
      baseUrl: platform.baseUrl,
      clientId: app.client_id,
      clientSecret: app.client_secret,
    });
    expect(await appClient.kv.incr("e2e-app-counter")).toBe(1);

    const rotated = await admin.oauth.apps.rotateSecret(app.client_id);
    expect(rotated.client_secret).not.toBe(app.client_secret);
    const stale = new CpodClient({
      baseUrl: platform.baseUrl,
      clientId: app.client_id,
      clientSecret: app.client_secret,
    });
    await expect(stale.kv.get("x")).rejects.toBeInstanceOf(AuthenticationError);

    await admin.oauth.apps.delete(app.client_id);
    await expect(admin.oauth.apps.get(app.client_id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a duplicate client_id is a ConflictError", async () => {
    const body = {
      tenant_id: platform.tenantId,
      client_id: `dup-${run}`,
      name: "d",
      declared_scopes: ["kv.read" as const],
      app_type: "service" as const,
    };
    await admin.oauth.apps.create(body);
    await expect(admin.oauth.apps.create(body)).rejects.toBeInstanceOf(ConflictError);
  });

  it("a wrong secret is an AuthenticationError carrying the OAuth error", async () => {
    const wrong = new CpodClient({
      baseUrl: platform.baseUrl,
      clientId: platform.clientId,
      clientSecret: "cs_wrong",
    });
    const error = await wrong.kv.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(isCpodError(error) && error.detail).toMatch(/invalid_client/);
  });

  it("a token held by the caller works through fromToken", async () => {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      scope: "kv.read kv.write",
    });
    const response = await fetch(`${platform.baseUrl}/v1/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${platform.clientId}:${platform.clientSecret}`)}` },
      body: form,
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const held = CpodClient.fromToken(access_token, { baseUrl: platform.baseUrl });
    expect(await held.kv.incr(`e2e:${run}:held`)).toBe(1);
  });
});
