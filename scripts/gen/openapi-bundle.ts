import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./files.js";

/** A bundled OpenAPI document: one object, no external `$ref`s. Loosely typed on purpose. */
export type OpenApiDoc = Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

/**
 * Bundles a multi-file OpenAPI root into one document with Redocly, the same tool that lints it,
 * so the generator and the linter always agree on how `$ref`s resolve.
 */
export async function bundleOpenApi(root: string): Promise<OpenApiDoc> {
  const out = join(tmpdir(), `cpod-bundle-${process.pid}-${Date.now()}.json`);
  try {
    await run("npx", ["--no-install", "redocly", "bundle", root, "-o", out, "--ext", "json"], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`redocly could not bundle ${root}:\n${stderr}`, { cause: error });
  }
  const doc = JSON.parse(await readFile(out, "utf8")) as OpenApiDoc;
  doc.paths ??= {};
  doc.components ??= {};
  return doc;
}
