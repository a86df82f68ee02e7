/**
 * `npm run generate`: writes everything under gen/ from the contracts.
 *   proto/   → gen/proto      (buf generate, protoc-gen-es)
 *   openapi/ → gen/openapi    (bundled + entity-expanded JSON, openapi-typescript types)
 *            → gen/routes     (route tables, schema documents, handler interfaces)
 *            → gen/errors     (the closed error-code set)
 *            → gen/sdk        (the SDK's entity namespaces)
 *   policy/  → gen/policy     (opa build -t wasm)
 * Output is deterministic: running it twice leaves no diff (`npm run check:generated`).
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { expandEntities, publishedDocument } from "./gen/entity-paths.js";
import { errorCodesModule, errorCodesOf } from "./gen/error-codes.js";
import { run, toJson, writeGenerated } from "./gen/files.js";
import { addFrameworkResponses } from "./gen/framework-responses.js";
import { bundleOpenApi } from "./gen/openapi-bundle.js";
import { openapiTypes } from "./gen/openapi-types.js";
import { generatePolicy } from "./gen/policy.js";
import { routeModule, routeTypesModule } from "./gen/route-module.js";
import { routeSpecs } from "./gen/route-specs.js";
import { sdkEntitiesModule } from "./gen/sdk-entities.js";

const ROOT = new URL("..", import.meta.url).pathname;
const GEN = join(ROOT, "gen");

/** The REST programs and their spec roots; `name` becomes file and identifier names. */
const PROGRAMS = [
  { name: "gateway", root: "openapi/gateway.yaml" },
  { name: "controlPlane", root: "openapi/control-plane.yaml" },
];

async function generateProto(): Promise<void> {
  await run("npx", ["--no-install", "buf", "generate"], { cwd: ROOT });
}

async function generateRest(): Promise<string[]> {
  await rm(join(GEN, "openapi"), { recursive: true, force: true });
  await rm(join(GEN, "routes"), { recursive: true, force: true });
  await rm(join(GEN, "sdk"), { recursive: true, force: true });
  let codes: string[] = [];
  await writeGenerated(join(GEN, "routes/types.ts"), await routeTypesModule());
  for (const { name, root } of PROGRAMS) {
    const doc = await bundleOpenApi(join(ROOT, root));
    const entities = expandEntities(doc);
    addFrameworkResponses(doc);
    doc["x-generated"] = `@generated from ${root} by scripts/generate.ts; do not edit`;
    const schemaId = `cpod:${name}`;
    const published = publishedDocument(doc);
    await writeGenerated(join(GEN, `openapi/${name}.json`), toJson(published));
    await writeGenerated(join(GEN, `openapi/${name}.ts`), await openapiTypes(published));
    const routes = routeSpecs(doc, schemaId, entities);
    await writeGenerated(
      join(GEN, `routes/${name}.ts`),
      routeModule({ name, doc, schemaId, routes, entities }),
    );
    codes = errorCodesOf(doc);
    if (name === "gateway") {
      await writeGenerated(join(GEN, "sdk/entities.ts"), sdkEntitiesModule(doc, entities));
    }
  }
  return codes;
}

async function main(): Promise<void> {
  await generateProto();
  const codes = await generateRest();
  // The Python and Go SDKs' generated code comes from the gateway spec just written.
  await run("bash", ["scripts/generate-python-sdk.sh"], { cwd: ROOT });
  await run("bash", ["scripts/generate-go-sdk.sh"], { cwd: ROOT });
  await rm(join(GEN, "errors"), { recursive: true, force: true });
  await writeGenerated(join(GEN, "errors/codes.ts"), errorCodesModule(codes));
  await generatePolicy({
    opaBin: process.env.CPOD_OPA_BIN ?? "opa",
    policyDir: join(ROOT, "policy"),
    outDir: join(GEN, "policy"),
  });
  console.log(
    "generated gen/ and the Python and Go SDKs' generated code from proto/, openapi/ and policy/",
  );
}

main().catch((error: unknown) => {
  console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
