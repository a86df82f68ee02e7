import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { inCI } from "../helpers/services.js";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../scripts/check-generators.sh", import.meta.url));

/** Whether `command` runs at all; the Go toolchain also lives outside PATH in some images. */
async function has(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args);
    return true;
  } catch {
    return false;
  }
}

/**
 * The toolchain each check needs before scripts/check-generators.sh can install its pinned tool.
 * Locally a missing toolchain skips that check; under CI=true it fails, so CI can never pass by
 * not running it.
 */
const TOOLCHAINS = {
  spectral: () => has("npm", ["--version"]),
  python: () => has("python3", ["-m", "venv", "--help"]),
  go: async () => (await has("go", ["version"])) || has("/usr/local/go/bin/go", ["version"]),
} as const;

/**
 * The bundled contracts, as Spectral (`spectral:oas`), openapi-python-client and oapi-codegen
 * read them: no warning from any, and the Go client builds and vets. Each check is one call of
 * the script, which caches its pinned tool (the first run installs it, minutes; then seconds).
 */
describe("contracts as other languages' generators read them", () => {
  for (const [check, available] of Object.entries(TOOLCHAINS)) {
    it(`${check}: accepted without warnings`, { timeout: 600_000 }, async (ctx) => {
      if (!(await available())) {
        if (inCI) throw new Error(`${check}: toolchain missing, and CI=true`);
        ctx.skip();
      }
      const result = await run("bash", [SCRIPT, check], { maxBuffer: 16 * 1024 * 1024 }).then(
        ({ stderr }) => ({ ok: true, stderr }),
        (error: { stderr?: string }) => ({ ok: false, stderr: error.stderr ?? String(error) }),
      );
      expect(result.ok, result.stderr).toBe(true);
    });
  }
});
