// Smoke test: the `mongodb` driver against FerretDB v1 (SQLite backend) started by
// scripts/services.sh.
import { randomUUID } from "node:crypto";
import { type Collection, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceUrl } from "../helpers/services.js";

const url = serviceUrl("CPOD_MONGO_URL");

interface Item {
  tenant: string;
  kind: string;
  n: number;
}

describe.skipIf(!url)("mongodb wire protocol via FerretDB (CPOD_MONGO_URL)", () => {
  let client: MongoClient;
  let items: Collection<Item>;

  beforeAll(async () => {
    client = new MongoClient(url as string, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    items = client.db().collection<Item>(`smoke_${randomUUID().replaceAll("-", "")}`);
  });
  afterAll(async () => {
    await items?.drop().catch(() => {});
    await client?.close();
  });

  it("indexes, inserts and answers a filtered, sorted query", async () => {
    const hello = await client.db("admin").command({ hello: 1 });
    expect(hello.ok).toBe(1);

    await items.createIndex({ tenant: 1, n: -1 }, { name: "tenant_n" });
    const names = (await items.listIndexes().toArray()).map((i) => i.name);
    expect(names).toContain("tenant_n");

    await items.insertMany([
      { tenant: "acme", kind: "a", n: 1 },
      { tenant: "acme", kind: "b", n: 5 },
      { tenant: "acme", kind: "c", n: 7 },
      { tenant: "acme", kind: "a", n: 9 },
      { tenant: "globex", kind: "a", n: 8 },
    ]);

    const found = await items
      .find(
        { $and: [{ tenant: "acme" }, { n: { $gt: 2 } }, { kind: { $in: ["a", "b"] } }] },
        { projection: { _id: 0 } },
      )
      .sort({ n: -1 })
      .toArray();
    expect(found).toEqual([
      { tenant: "acme", kind: "a", n: 9 },
      { tenant: "acme", kind: "b", n: 5 },
    ]);
  });
});
