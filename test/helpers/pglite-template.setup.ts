// vitest globalSetup: a freshly initialised PGlite data folder, made once per machine and PGlite
// version, which test/helpers/pglite-dir.ts copies wherever a test starts an embedded database.
// Opening a copy costs a fraction of what initdb costs in WASM (measured: ~0.4 s against ~2.7 s of CPU each), and the copy is the same
// empty cluster initdb would have written, so the adapters under test run unchanged.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    /** The template data folder made by this globalSetup. */
    pgliteTemplate: string;
  }
}

/** The installed PGlite's version: a template made by another version is not reused. */
const version = (
  JSON.parse(
    readFileSync(
      new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url),
      "utf8",
    ),
  ) as { version: string }
).version;

/** Makes the template unless an earlier run (or a parallel one) did; returns its folder. */
async function ensureTemplate(): Promise<string> {
  const target = join(tmpdir(), `cpod-pglite-template-${version}`);
  if (existsSync(join(target, "PG_VERSION"))) return target;
  const scratch = mkdtempSync(join(tmpdir(), "cpod-pglite-template-"));
  const db = new PGlite(scratch);
  await db.waitReady;
  await db.close();
  try {
    renameSync(scratch, target);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another run got there first
  }
  return target;
}

/** vitest globalSetup: builds the template before any worker starts. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("pgliteTemplate", await ensureTemplate());
}
