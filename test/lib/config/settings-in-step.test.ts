// The settings table (lib/config/settings.ts) is the one list of keys; these checks fail when
// a program reads a variable the file cannot set, or when the published schema, the example
// file or docs/configuration.md fall behind the table.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfigFile } from "../../../lib/config/config-file.js";
import { configSchema } from "../../../lib/config/schema.js";
import { SETTINGS } from "../../../lib/config/settings.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const text = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** Every non-test TypeScript source of the programs. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** `CPOD_X`/`CORESDK_X` names, not the `CPOD_S3_*` families prose mentions. */
const VARIABLE = /\b(?:CPOD|CORESDK)_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_*])/g;

/**
 * Names the programs print rather than read: `cpod dev`'s export lines for clients (the SDKs and
 * their examples read them; bin/dev/export-lines.ts), not settings of any program.
 */
const CLIENT_VARIABLES = [
  "CPOD_BASE_URL",
  "CPOD_CLIENT_ID",
  "CPOD_CLIENT_SECRET",
  "CPOD_TENANT_ID",
];

describe("the settings table", () => {
  it("has a key for every variable the programs read (CPOD_CONFIG names the file itself)", () => {
    const read = new Set(
      ["server", "sidecar", "lib", "bin"]
        .flatMap(sources)
        .flatMap((path) => text(path).match(VARIABLE) ?? []),
    );
    read.delete("CPOD_CONFIG");
    for (const name of CLIENT_VARIABLES) read.delete(name);
    expect(SETTINGS.map((s) => s.env).sort()).toEqual([...read].sort());
  });

  it("has one key per variable and no key twice", () => {
    expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(SETTINGS.length);
    expect(new Set(SETTINGS.map((s) => s.key)).size).toBe(SETTINGS.length);
  });

  it("is what config/cpod.config.schema.json publishes (scripts/write-config-schema.ts)", () => {
    expect(JSON.parse(text("config/cpod.config.schema.json"))).toEqual(configSchema());
  });

  it("is covered, key by key, by cpod.config.example.json, which passes the check", () => {
    const example = readConfigFile(
      ["--config", join(ROOT, "cpod.config.example.json")],
      {},
      (m) => new Error(m),
    );
    expect(Object.keys(example?.values ?? {}).sort()).toEqual(SETTINGS.map((s) => s.env).sort());
  });

  it("is listed in docs/configuration.md, each key with its variable", () => {
    const docs = text("docs/configuration.md");
    const missing = SETTINGS.filter((s) => !docs.includes(`| \`${s.key}\` | \`${s.env}\` |`));
    expect(missing.map((s) => s.key)).toEqual([]);
  });
});
