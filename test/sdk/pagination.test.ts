import { describe, expect, expectTypeOf, it } from "vitest";
import { CpodClient, type Filter, type Person } from "../../sdk/src/index.js";
import { BASE, fakeFetch, isToken, json, tokenServer } from "./fakes.js";

const person = (n: number) => ({ id: `per_${n}`, display_name: `P${n}` });

function setup(pages: Record<string, { items: unknown[]; next_cursor: string | null }>) {
  const tokens = tokenServer();
  const server = fakeFetch((r) =>
    isToken(r) ? tokens.answer() : json(200, pages[r.url.searchParams.get("cursor") ?? ""]),
  );
  const client = new CpodClient({
    baseUrl: BASE,
    clientId: "a",
    clientSecret: "b",
    fetch: server.fetch,
  });
  const ops = () => server.seen.filter((r) => !isToken(r));
  return { client, ops };
}

const THREE_PAGES = {
  "": { items: [person(1), person(2)], next_cursor: "c2" },
  c2: { items: [person(3)], next_cursor: "c3" },
  c3: { items: [person(4)], next_cursor: null },
};

describe("pagination", () => {
  it("iterates every item across pages with for await", async () => {
    const { client, ops } = setup(THREE_PAGES);
    const names: string[] = [];
    for await (const p of client.entities.people.list({ limit: 2 })) names.push(p.display_name);
    expect(names).toEqual(["P1", "P2", "P3", "P4"]);
    expect(ops().map((r) => r.url.searchParams.get("cursor"))).toEqual([null, "c2", "c3"]);
    expect(ops().every((r) => r.url.searchParams.get("limit") === "2")).toBe(true);
  });

  it("gives page access: await for the first page, then nextPage()", async () => {
    const { client } = setup(THREE_PAGES);
    const first = await client.entities.people.list();
    expect(first.items.map((p) => p.id)).toEqual(["per_1", "per_2"]);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    const third = await second.nextPage();
    expect(third.hasNextPage()).toBe(false);
    await expect(third.nextPage()).rejects.toBeInstanceOf(RangeError);
  });

  it("iterates pages with pages()", async () => {
    const { client } = setup(THREE_PAGES);
    const sizes: number[] = [];
    for await (const page of client.entities.people.list().pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([2, 1, 1]);
  });

  it("fetches nothing until awaited or iterated, and the first page only once", async () => {
    const { client, ops } = setup(THREE_PAGES);
    const list = client.entities.people.list();
    expect(ops()).toHaveLength(0);
    await list;
    await list;
    expect(ops()).toHaveLength(1);
  });

  it("sends a typed filter as JSON and the sort", async () => {
    const { client, ops } = setup({ "": { items: [], next_cursor: null } });
    const filter = { $or: [{ email: "ada@example.org" }, { display_name: { $gte: "M" } }] };
    await client.entities.people.list({ filter, sort: "-display_name" });
    const query = ops()[0]?.url.searchParams;
    expect(JSON.parse(query?.get("filter") ?? "")).toEqual(filter);
    expect(query?.get("sort")).toBe("-display_name");
  });

  it("types filters to indexed fields and their value types", () => {
    type PeopleFilter = NonNullable<
      Parameters<CpodClient["entities"]["people"]["list"]>[0]
    >["filter"];
    expectTypeOf<{ email: "a@b.c" }>().toExtend<NonNullable<PeopleFilter>>();
    expectTypeOf<{ email: { $in: string[] } }>().toExtend<NonNullable<PeopleFilter>>();
    // first_name is a Person field but not indexed, so the server cannot filter on it.
    expectTypeOf<{ first_name: "Ada" }>().not.toExtend<NonNullable<PeopleFilter>>();
    expectTypeOf<{ email: 42 }>().not.toExtend<NonNullable<PeopleFilter>>();
    expectTypeOf<Filter<Person, "email">>().toHaveProperty("$or");
    type SortOfAssets = NonNullable<
      Parameters<CpodClient["entities"]["technologyAssets"]["list"]>[0]
    >["sort"];
    expectTypeOf<"-status">().toExtend<NonNullable<SortOfAssets>>();
    expectTypeOf<"vendor">().not.toExtend<NonNullable<SortOfAssets>>();
  });

  it("lets a create body leave out fields the server defaults", () => {
    type AssetCreate = Parameters<CpodClient["entities"]["technologyAssets"]["create"]>[0];
    expectTypeOf<{ name: "MacBook" }>().toExtend<AssetCreate>();
    expectTypeOf<{ name: "MacBook"; status: "in_use" }>().toExtend<AssetCreate>();
    expectTypeOf<{ status: "in_use" }>().not.toExtend<AssetCreate>();
  });
});
