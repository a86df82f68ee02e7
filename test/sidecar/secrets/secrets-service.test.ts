// SecretsService through an in-memory Connect router: scopes and policy, tenant isolation,
// versions, pagination, validation, and lazy re-sealing after a key rotation.
import { randomBytes } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthorizeResponseSchema } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import type { Subject } from "../../../gen/proto/coresdk/v1/common_pb.js";
import { ERROR_CODE_HEADER } from "../../../sidecar/errors/sidecar-error.js";
import { SecretCipher } from "../../../sidecar/secrets/secret-cipher.js";
import {
  READ_WRITE,
  type SecretsHarness,
  secretsHarness,
  serviceClient,
  subject,
} from "./fixtures.js";

/** The Connect code and cPod code a call failed with. */
async function failure(call: Promise<unknown>): Promise<[Code, string | null]> {
  const error = ConnectError.from(
    await call.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  return [error.code, error.metadata.get(ERROR_CODE_HEADER)];
}

describe("SecretsService", () => {
  let h: SecretsHarness;
  let acme: Subject;
  let globex: Subject;
  beforeAll(async () => {
    h = await secretsHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    acme = subject(h.tenant(), READ_WRITE, "user-7");
    globex = subject(h.tenant(), READ_WRITE);
    h.asked.length = 0;
  });

  it("puts, gets and bumps the version on every put", async () => {
    const first = await h.client.putSecret({ caller: acme, name: "stripe", value: "v1" });
    expect(first.secret).toMatchObject({ name: "stripe", version: 1, updatedBy: "user-7" });
    const appOnly = subject(acme.tenantId, READ_WRITE);
    const second = await h.client.putSecret({ caller: appOnly, name: "stripe", value: "v2" });
    expect(second.secret).toMatchObject({
      version: 2,
      updatedBy: "app-1",
      createdAt: first.secret?.createdAt,
    });
    expect((second.secret?.updatedAt ?? "") > (first.secret?.updatedAt ?? "")).toBe(true);
    const got = await h.client.getSecret({ caller: acme, name: "stripe" });
    expect(got.value).toBe("v2");
    expect(got.secret?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("keeps the description a put sends, and clears it on a put without one", async () => {
    const description = "é".repeat(512);
    const put = await h.client.putSecret({ caller: acme, name: "doc", value: "v1", description });
    expect(put.secret).toMatchObject({ version: 1, description });
    expect((await h.client.getSecret({ caller: acme, name: "doc" })).secret?.description).toBe(
      description,
    );
    expect((await h.client.listSecrets({ caller: acme })).secrets[0]?.description).toBe(
      description,
    );
    const cleared = await h.client.putSecret({ caller: acme, name: "doc", value: "v2" });
    expect(cleared.secret?.version).toBe(2);
    expect(cleared.secret?.description).toBeUndefined();
    expect((await h.client.getSecret({ caller: acme, name: "doc" })).secret?.description).toBe(
      undefined,
    );
  });

  it("asks policy with the action and a secret resource of the caller's tenant", async () => {
    await h.client.putSecret({ caller: acme, name: "stripe", value: "v" });
    await h.client.listSecrets({ caller: acme });
    expect(
      h.asked.map((r) => [r.action, r.resource?.type, r.resource?.id, r.resource?.tenantId]),
    ).toEqual([
      ["secrets.write", "secret", "stripe", acme.tenantId],
      ["secrets.read", "secret", "", acme.tenantId],
    ]);
  });

  it("denies a caller without the scope, before anything is stored", async () => {
    const readOnly = subject(acme.tenantId, ["secrets.read"]);
    const denied = [Code.PermissionDenied, "permission_denied"];
    expect(await failure(h.client.putSecret({ caller: readOnly, name: "x", value: "v" }))).toEqual(
      denied,
    );
    const writeOnly = subject(acme.tenantId, ["secrets.write"]);
    expect(await failure(h.client.listSecrets({ caller: writeOnly }))).toEqual(denied);
    expect(await failure(h.client.getSecret({ caller: writeOnly, name: "x" }))).toEqual(denied);
    expect((await h.store.list(acme.tenantId, { limit: 10 })).items).toEqual([]);
  });

  it("denies when policy says no, even with the scope", async () => {
    const client = serviceClient({
      store: h.store,
      cipher: h.cipher,
      authorize: async () =>
        create(AuthorizeResponseSchema, { allow: false, reasons: ["tenant_suspended"] }),
    });
    const error = ConnectError.from(
      await client.getSecret({ caller: acme, name: "x" }).catch((e: unknown) => e),
    );
    expect(error.code).toBe(Code.PermissionDenied);
    expect(error.rawMessage).toContain("tenant_suspended");
  });

  it("answers not_found for a missing secret and for another tenant's", async () => {
    await h.client.putSecret({ caller: acme, name: "stripe", value: "v" });
    const notFound = [Code.NotFound, "not_found"];
    expect(await failure(h.client.getSecret({ caller: globex, name: "stripe" }))).toEqual(notFound);
    expect(await failure(h.client.getSecret({ caller: acme, name: "nope" }))).toEqual(notFound);
    expect((await h.client.deleteSecret({ caller: globex, name: "stripe" })).deleted).toBe(false);
    expect((await h.client.listSecrets({ caller: globex })).secrets).toEqual([]);
    expect((await h.client.getSecret({ caller: acme, name: "stripe" })).value).toBe("v");
  });

  it("deletes idempotently", async () => {
    await h.client.putSecret({ caller: acme, name: "gone", value: "v" });
    expect((await h.client.deleteSecret({ caller: acme, name: "gone" })).deleted).toBe(true);
    expect((await h.client.deleteSecret({ caller: acme, name: "gone" })).deleted).toBe(false);
  });

  it("lists pages of metadata in name order with an opaque cursor", async () => {
    for (const name of ["c", "a", "b", "x.one"])
      await h.client.putSecret({ caller: acme, name, value: `v-${name}` });
    const first = await h.client.listSecrets({ caller: acme, limit: 2 });
    expect(first.secrets.map((s) => s.name)).toEqual(["a", "b"]);
    const second = await h.client.listSecrets({ caller: acme, limit: 2, cursor: first.nextCursor });
    expect(second.secrets.map((s) => s.name)).toEqual(["c", "x.one"]);
    expect(second.nextCursor).toBeUndefined();
    const prefixed = await h.client.listSecrets({ caller: acme, prefix: "x." });
    expect(prefixed.secrets.map((s) => s.name)).toEqual(["x.one"]);
    const bogus = Buffer.from("not-ours").toString("base64url");
    expect(await failure(h.client.listSecrets({ caller: acme, cursor: bogus }))).toEqual([
      Code.InvalidArgument,
      "invalid_cursor",
    ]);
  });

  it.each([
    ["a missing caller", { name: "ok", value: "v" }, "validation_failed"],
    ["a bad name", { name: "../etc", value: "v" }, "validation_failed"],
    ["an empty value", { name: "ok", value: "" }, "validation_failed"],
    ["a value over 64 KiB", { name: "ok", value: "x".repeat(65_537) }, "payload_too_large"],
    [
      "a description over 512 characters",
      { name: "ok", value: "v", description: "é".repeat(513) },
      "validation_failed",
    ],
  ])("rejects %s before asking policy", async (label, req, code) => {
    const caller = label === "a missing caller" ? undefined : acme;
    const [, got] = await failure(h.client.putSecret({ ...req, caller }));
    expect(got).toBe(code);
    expect(h.asked).toEqual([]);
  });

  it("re-seals a value under the current key when it is read after a rotation", async () => {
    const oldKey = randomBytes(32);
    const rotated = SecretCipher.fromKeys(oldKey).rotatedTo(randomBytes(32));
    const client = serviceClient({
      store: h.store,
      cipher: rotated,
      authorize: async () => create(AuthorizeResponseSchema, { allow: true }),
    });
    const context = { tenantId: acme.tenantId, name: "rot" };
    const sealed = SecretCipher.fromKeys(oldKey).encrypt("kept", context);
    await h.store.put({ ...context, sealed, updatedBy: "app-1", at: new Date(0) });
    expect((await client.getSecret({ caller: acme, name: "rot" })).value).toBe("kept");
    expect((await h.store.get(acme.tenantId, "rot"))?.sealed.keyId).toBe(rotated.keyId);
    expect((await client.getSecret({ caller: acme, name: "rot" })).secret?.version).toBe(1);
  });
});
