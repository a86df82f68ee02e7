import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";

/**
 * Fills `dir` with a copy of the initialised PGlite template (pglite-template.setup.ts) unless
 * it already holds a database; returns `dir`. Without the template (a file run outside this
 * config) it does nothing and PGlite runs initdb as usual.
 *
 * @example
 *   const sql = await openPgliteClient(pgliteDir(), { schema: "gateway" });
 */
export function pgliteDir(dir = mkdtempSync(join(tmpdir(), "cpod-pglite-"))): string {
  const template = inject("pgliteTemplate");
  if (template && !existsSync(join(dir, "PG_VERSION"))) cpSync(template, dir, { recursive: true });
  return dir;
}
