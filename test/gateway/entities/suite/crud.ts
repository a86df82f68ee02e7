// Conformance: create/get/update/delete, base-field stamping, versions (If-Match → 412) and soft
// delete. Every rejected write is followed by a check that the store did not change.
import { expect, it } from "vitest";
import { types } from "../fixtures.js";
import { rejectsWith, type SuiteContext } from "./context.js";

const ID = /^per_[0-9A-HJKMNP-TV-Z]{26}$/;
const person = () => types.get("Person") as NonNullable<ReturnType<typeof types.get>>;

export function crudTests(ctx: SuiteContext): void {
  it("creates with server-stamped base fields and ignores client-sent ones", async () => {
    const caller = ctx.caller("user-7", "app-7");
    const body = {
      display_name: "Ada Lovelace",
      email: "ada@example.org",
      id: "per_01JD6QB3C4D5E6F7G8H9J0K1M2",
      tenant_id: "ten_01JD6QB3C4D5E6F7G8H9J0K1M2",
      app_id: "evil",
      version: 42,
      is_deleted: true,
      created_by: "mallory",
      __proto__: { polluted: true },
    };
    const made = await ctx.service.create(caller, "Person", body);
    expect(made).toEqual({
      id: expect.stringMatching(ID),
      tenant_id: caller.tenantId,
      app_id: "app-7",
      created_at: made.created_at,
      updated_at: made.created_at,
      created_by: "user-7",
      updated_by: "user-7",
      version: 1,
      is_deleted: false,
      deleted_at: null,
      display_name: "Ada Lovelace",
      email: "ada@example.org",
    });
    expect(made.id).not.toBe(body.id);
    expect(Date.parse(made.created_at)).not.toBeNaN();
    expect(await ctx.service.get(caller, "Person", made.id)).toEqual(made);
  });

  it("updates by merging own fields, bumping version and stamping the writer", async () => {
    const caller = ctx.caller("user-1");
    const made = await ctx.service.create(caller, "Person", { display_name: "Ada", email: "a@x" });
    const editor = { ...caller, subject: "user-2" };
    const body = { first_name: "Augusta", version: 99, created_by: "x" };
    const updated = await ctx.service.update(editor, "Person", made.id, body);
    expect(updated).toEqual({
      ...made,
      first_name: "Augusta",
      version: 2,
      updated_by: "user-2",
      updated_at: updated.updated_at,
    });
    expect(updated.updated_at > made.updated_at).toBe(true);
    expect(await ctx.service.get(caller, "Person", made.id)).toEqual(updated);
  });

  it("applies If-Match: the current version or * writes, a stale or odd one is 412", async () => {
    const caller = ctx.caller();
    const made = await ctx.service.create(caller, "Person", { display_name: "v1" });
    const v2 = await ctx.service.update(caller, "Person", made.id, { display_name: "v2" }, '"1"');
    expect(v2.version).toBe(2);
    for (const stale of ['"1"', "1", 'W/"1"', '"3"', "abc", '"2', "0"]) {
      await rejectsWith(
        ctx.service.update(caller, "Person", made.id, { display_name: "lost" }, stale),
        "precondition_failed",
      );
      await rejectsWith(
        ctx.service.delete(caller, "Person", made.id, stale),
        "precondition_failed",
      );
    }
    expect(await ctx.service.get(caller, "Person", made.id)).toEqual(v2);
    const v3 = await ctx.service.update(caller, "Person", made.id, { display_name: "v3" }, "*");
    expect(v3).toMatchObject({ version: 3, display_name: "v3" });
    const v4 = await ctx.service.update(caller, "Person", made.id, { email: "e@x" }, 'W/"3"');
    expect(v4).toMatchObject({ version: 4, display_name: "v3", email: "e@x" });
  });

  it("refuses bodies with wrong types, missing or no own fields, writing nothing", async () => {
    const caller = ctx.caller();
    const made = await ctx.service.create(caller, "Person", { display_name: "p" });
    const before = await ctx.snapshot(caller, "Person");
    const bodies = [{ display_name: 5 }, { email: ["a"] }, { version: 3 }, {}, [], null, "x"];
    for (const body of bodies) {
      await rejectsWith(ctx.service.update(caller, "Person", made.id, body), "validation_failed");
      await rejectsWith(ctx.service.create(caller, "Person", body), "validation_failed");
    }
    expect(await ctx.snapshot(caller, "Person")).toEqual(before);
  });

  it("soft-deletes: the entity disappears from get, list, filter, update and delete", async () => {
    const caller = ctx.caller();
    const keep = await ctx.service.create(caller, "Person", { display_name: "keep" });
    const gone = await ctx.service.create(caller, "Person", { display_name: "gone" });
    await rejectsWith(ctx.service.delete(caller, "Person", gone.id, '"2"'), "precondition_failed");
    expect(await ctx.service.get(caller, "Person", gone.id)).toEqual(gone);
    await ctx.service.delete(caller, "Person", gone.id, '"1"');
    await rejectsWith(ctx.service.get(caller, "Person", gone.id), "not_found");
    await rejectsWith(ctx.service.update(caller, "Person", gone.id, { email: "x@y" }), "not_found");
    await rejectsWith(ctx.service.delete(caller, "Person", gone.id), "not_found");
    await rejectsWith(ctx.service.delete(caller, "Person", gone.id, '"2"'), "not_found");
    expect(await ctx.snapshot(caller, "Person")).toEqual([keep]);
    const byId = await ctx.service.list(caller, "Person", { filter: { id: gone.id } });
    expect(byId.items).toEqual([]);
  });

  it("answers not_found for unknown, malformed and other types' ids", async () => {
    const caller = ctx.caller();
    const group = await ctx.service.create(caller, "Group", { name: "g" });
    const missing = "per_01JD6QB3C4D5E6F7G8H9J0K1M2";
    for (const id of [missing, "nope", "", group.id, group.id.replace("grp_", "per_")]) {
      await rejectsWith(ctx.service.get(caller, "Person", id), "not_found");
      await rejectsWith(ctx.service.update(caller, "Person", id, { email: "a@b" }), "not_found");
      await rejectsWith(ctx.service.delete(caller, "Person", id), "not_found");
    }
    expect(await ctx.service.get(caller, "Group", group.id)).toEqual(group);
  });

  it("port: version-checked writes, duplicate ids and soft delete at the store level", async () => {
    const { tenantId } = ctx.caller();
    const type = person();
    const at = "2025-02-01T00:00:00.000Z";
    const id = "per_01JD6QB3C4D5E6F7G8H9J0K1M3";
    const made = await ctx.store.create(tenantId, type, {
      id,
      app_id: "app",
      at,
      by: "u",
      fields: { display_name: "P", tenant_id: "ten_other", bogus: 1 },
    });
    expect(made).toMatchObject({ id, tenant_id: tenantId, version: 1, display_name: "P" });
    expect(made).not.toHaveProperty("bogus");
    const dup = { id, app_id: "app", at, by: "u", fields: { display_name: "Q" } };
    await rejectsWith(ctx.store.create(tenantId, type, dup), "conflict");
    const stale = { set: { display_name: "R" }, at, by: "u", expectedVersion: 2 };
    await rejectsWith(ctx.store.update(tenantId, type, id, stale), "precondition_failed");
    await rejectsWith(ctx.store.softDelete(tenantId, type, id, stale), "precondition_failed");
    expect(await ctx.store.get(tenantId, type, id)).toEqual(made);
    await ctx.store.softDelete(tenantId, type, id, { at, by: "u", expectedVersion: 1 });
    await rejectsWith(ctx.store.get(tenantId, type, id), "not_found");
  });
}
