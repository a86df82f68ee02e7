// "Adding an entity type means editing openapi/ and regenerating — nothing else" (issue #5
// item 4), shown literally: a copy of this checkout gets one new schema file and two lines in
// openapi/gateway.yaml, `npm run generate` runs there, and `cpod dev` from that copy serves
// the new type's five operations with filters, paging, If-Match and isolation of its fields.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";
import { inCI } from "../helpers/services.js";

const REPO = new URL("../../", import.meta.url).pathname;
const opa = process.env.CPOD_OPA_BIN;
if (!opa && inCI) throw new Error("CPOD_OPA_BIN is not set: `npm run generate` needs the opa CLI");

const VEHICLE = `# A fixture entity type added by test/e2e/new-entity-type.test.ts.
title: Vehicle
type: object
description: A company vehicle.
x-cpod-entity:
  plural: vehicles
  id_prefix: veh
  indexed: [plate, seats]
required: [plate]
additionalProperties: false
properties:
  plate:
    type: string
    minLength: 1
    maxLength: 16
    example: B-CP 2026
  seats:
    type: integer
    minimum: 1
    maximum: 90
    example: 5
  notes:
    type: string
    maxLength: 500
    example: Winter tyres fitted.
`;

/** This checkout's files (tracked and new, not ignored), copied; node_modules linked. */
function copyCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), "cpod-newtype-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  )
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    try {
      cpSync(join(REPO, file), join(root, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // deleted, not staged
    }
  }
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  return root;
}

describe.skipIf(!opa)("a new entity type from an openapi/ edit and `npm run generate`", () => {
  let root: string;
  let dev: RunningDevPlatform;
  let auth: Record<string, string>;
  const url = (path: string) => `${dev.baseUrl}${path}`;

  beforeAll(async () => {
    root = copyCheckout();
    writeFileSync(join(root, "openapi/components/entities/Vehicle.yaml"), VEHICLE);
    const gatewayYaml = join(root, "openapi/gateway.yaml");
    const spec = readFileSync(gatewayYaml, "utf8");
    const anchor = "    SoftwareLicense:\n      $ref: ./components/entities/SoftwareLicense.yaml\n";
    expect(spec).toContain(anchor);
    writeFileSync(
      gatewayYaml,
      spec.replace(
        anchor,
        `${anchor}    Vehicle:\n      $ref: ./components/entities/Vehicle.yaml\n`,
      ),
    );
    execFileSync(process.execPath, ["--import", "tsx", "scripts/generate.ts"], {
      cwd: root,
      env: { ...process.env, CPOD_OPA_BIN: opa },
      stdio: "pipe",
    });
    dev = await startDevPlatform({ root });
    auth = await dev.bearer();
  }, 300_000);
  afterAll(async () => {
    await dev?.stop();
  });

  it("lists the five generated operations in the served spec", async () => {
    const spec = (await (await fetch(url("/openapi.json"))).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const ops = [
      spec.paths["/v1/entities/vehicles"]?.get?.operationId,
      spec.paths["/v1/entities/vehicles"]?.post?.operationId,
      spec.paths["/v1/entities/vehicles/{id}"]?.get?.operationId,
      spec.paths["/v1/entities/vehicles/{id}"]?.patch?.operationId,
      spec.paths["/v1/entities/vehicles/{id}"]?.delete?.operationId,
    ];
    expect(ops).toEqual([
      "listVehicles",
      "createVehicle",
      "getVehicle",
      "updateVehicle",
      "deleteVehicle",
    ]);
  });

  it("creates, filters on indexed fields, updates with If-Match and deletes vehicles", async () => {
    const json = { ...auth, "content-type": "application/json" };
    const post = (body: object) =>
      fetch(url("/v1/entities/vehicles"), {
        method: "POST",
        headers: json,
        body: JSON.stringify(body),
      });
    const van = await post({ plate: "B-VAN 1", seats: 9 });
    expect(van.status).toBe(201);
    const made = (await van.json()) as { id: string; version: number; tenant_id: string };
    expect(made.id).toMatch(/^veh_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(made.tenant_id).toBe(dev.tenantId);
    await post({ plate: "B-CAR 2", seats: 5 });
    expect((await post({ plate: "X", colour: "red" })).status).toBe(400); // undeclared field
    expect((await post({ seats: 4 })).status).toBe(400); // required field missing

    const filter = encodeURIComponent(JSON.stringify({ seats: { $gte: 6 } }));
    const list = await fetch(url(`/v1/entities/vehicles?filter=${filter}`), { headers: auth });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: Array<{ plate: string }> };
    expect(page.items.map((v) => v.plate)).toEqual(["B-VAN 1"]);
    const unindexed = encodeURIComponent(JSON.stringify({ notes: "x" }));
    const bad = await fetch(url(`/v1/entities/vehicles?filter=${unindexed}`), { headers: auth });
    expect(bad.status).toBe(400);

    const item = url(`/v1/entities/vehicles/${made.id}`);
    const patch = (ifMatch: string) =>
      fetch(item, {
        method: "PATCH",
        headers: { ...json, "if-match": ifMatch },
        body: JSON.stringify({ notes: "serviced" }),
      });
    expect((await patch('"1"')).status).toBe(200);
    expect((await patch('"1"')).status).toBe(412);
    expect((await fetch(item, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(item, { headers: auth })).status).toBe(404);
  });
});
