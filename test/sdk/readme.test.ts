import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalInBash, exportLinesOf } from "../helpers/dev-exports.js";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";

/**
 * Runs every ```ts block of sdk/README.md as its own program against a real `cpod dev`, with
 * the environment the README tells a newcomer to set up: the `export` lines `cpod dev` printed,
 * evaluated by bash. `@cpod/sdk` resolves to the SDK's
 * source (the packed build is tested in package.test.ts), so the examples test the API, not a
 * stale dist.
 */
const ROOT = new URL("../..", import.meta.url).pathname;
const README = readFileSync(join(ROOT, "sdk/README.md"), "utf8");
const SOURCE = join(ROOT, "sdk/src/index.js");
const exec = promisify(execFile);

/** The README's runnable examples: each ```ts block, named after the heading above it. */
function examples(markdown: string): { name: string; code: string }[] {
  const found: { name: string; code: string }[] = [];
  let heading = "top";
  const pattern = /^(#{2,3}) (.+)$|^```ts\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    if (match[2]) heading = match[2];
    else if (match[3])
      found.push({
        name: `${heading} #${found.filter((f) => f.name.startsWith(heading)).length + 1}`,
        code: match[3],
      });
  }
  return found;
}

const EXAMPLES = examples(README);
let platform: RunningDevPlatform;
let exported: Record<string, string>;
let dir: string;

beforeAll(async () => {
  platform = await startDevPlatform();
  exported = await evalInBash(exportLinesOf(platform.output()));
  dir = mkdtempSync(join(tmpdir(), "cpod-readme-"));
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("sdk/README.md examples", () => {
  it("has an example for every namespace", () => {
    const all = EXAMPLES.map((e) => e.code).join("\n");
    for (const ns of [
      "entities.",
      "kv.",
      "files.",
      "analytics.",
      "audit.",
      "secrets.",
      "oauth.apps.",
      "fromEnv",
      "fromToken",
    ]) {
      expect(all).toContain(ns);
    }
  });

  it("gets every CPOD_ variable it reads from the lines cpod dev prints", () => {
    const read = new Set(README.match(/CPOD_[A-Z_]+/g));
    expect(read.size).toBeGreaterThan(3);
    for (const name of read) expect(exported, name).toHaveProperty(name);
    expect(exported).toMatchObject({
      CPOD_BASE_URL: platform.baseUrl,
      CPOD_CLIENT_ID: platform.clientId,
      CPOD_CLIENT_SECRET: platform.clientSecret,
      CPOD_ADMIN_TOKEN: platform.adminToken,
      CPOD_TENANT_ID: platform.tenantId,
    });
  });

  it("lists every public method of the SDK in its method reference", () => {
    const reference = README.slice(README.indexOf("## Method reference"));
    const resources = join(ROOT, "sdk/src/resources");
    const methods = readdirSync(resources).flatMap((file) =>
      [
        ...readFileSync(join(resources, file), "utf8").matchAll(
          /^ {2}(?:async )?([a-z]\w*)(?:<[^(]*>)?\(/gm,
        ),
      ]
        .map((m) => m[1] ?? "")
        .filter((name) => name !== "constructor"),
    );
    expect(methods).toEqual(expect.arrayContaining(["get", "head", "presign", "rotateSecret"]));
    const missing = [...new Set([...methods, "fromEnv", "fromToken"])].filter(
      (name) => !reference.includes(`.${name}(`),
    );
    expect(missing).toEqual([]);
  });

  it("typechecks every example strictly", async () => {
    const files = EXAMPLES.map((example, i) => {
      const file = join(dir, `typecheck-${i}.mts`);
      writeFileSync(
        file,
        example.code.replaceAll('from "@cpod/sdk"', `from ${JSON.stringify(SOURCE)}`),
      );
      return file;
    });
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const flags = [
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--module",
      "nodenext",
      "--target",
      "es2022",
    ];
    const types = ["--types", "node", "--typeRoots", join(ROOT, "node_modules/@types")];
    await exec(process.execPath, [tsc, ...flags, ...types, ...files], { cwd: ROOT }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`README examples do not typecheck:\n${error.stdout ?? ""}`);
      },
    );
  }, 120_000);

  it.each(EXAMPLES.map((e) => [e.name, e] as const))(
    "runs: %s",
    async (_name, example) => {
      const file = join(dir, `${example.name.replace(/\W+/g, "-")}.mts`);
      writeFileSync(
        file,
        example.code.replaceAll('from "@cpod/sdk"', `from ${JSON.stringify(SOURCE)}`),
      );
      const env = { ...process.env, ...exported };
      const result = await exec(process.execPath, ["--import", "tsx", file], {
        cwd: ROOT,
        env,
        timeout: 60_000,
      }).catch((error: { stderr?: string; stdout?: string }) => {
        throw new Error(`example failed:\n${error.stderr ?? ""}\n${error.stdout ?? ""}`);
      });
      expect(result.stderr).toBe("");
    },
    90_000,
  );
});
