import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePolicy } from "../../scripts/gen/policy.js";
import { serviceUrl } from "../helpers/services.js";

// scripts/gen/policy.ts must be deterministic (CI regenerates and fails on any diff) and must
// say how to get the opa CLI when it is missing, instead of a bare ENOENT.

const root = fileURLToPath(new URL("../../", import.meta.url));
const policyDir = join(root, "policy");

// No opa CLI skips these suites locally and fails them under CI=true (test/helpers/services.ts).
const opaBin = serviceUrl("CPOD_OPA_BIN");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "cpod-policy-gen-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** File name → sha256 of its bytes: a byte-exact comparison with a readable diff. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  const entries = await Promise.all(
    names.map(async (n) => [n, sha256(await readFile(join(dir, n)))] as const),
  );
  return Object.fromEntries(entries);
}

describe("generatePolicy", () => {
  it("explains how to get opa when the binary is missing", async () => {
    const opts = { policyDir, outDir: join(scratch, "none") };
    const want = /scripts\/services\.sh start.*CPOD_OPA_BIN/;
    await expect(generatePolicy({ ...opts, opaBin: "" })).rejects.toThrow(want);
    await expect(generatePolicy({ ...opts, opaBin: join(scratch, "no-opa") })).rejects.toThrow(
      want,
    );
  });

  describe.skipIf(!opaBin)("with the opa CLI", () => {
    it("is byte-for-byte deterministic and matches the committed gen/policy", async () => {
      const run = (outDir: string) =>
        generatePolicy({ opaBin: opaBin as string, policyDir, outDir });
      const written = await run(join(scratch, "a"));
      await run(join(scratch, "b"));
      expect(written.map((p) => relative(scratch, p))).toEqual(["a/authz.wasm", "a/manifest.json"]);
      const a = await snapshot(join(scratch, "a"));
      expect(await snapshot(join(scratch, "b"))).toEqual(a);
      expect(await snapshot(join(root, "gen/policy"))).toEqual(a);

      const manifest = JSON.parse(await readFile(join(scratch, "a", "manifest.json"), "utf8"));
      expect(manifest.entrypoint).toBe("cpod/authz/decision");
      expect(manifest.opa_version).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest["@generated"]).toMatch(/do not edit; run npm run generate/);
    });
  });
});
