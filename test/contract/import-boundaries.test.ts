import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Dependencies point inward to the contract (STYLE.md): programs import gen/ and never each
 * other's source; gen/ imports nothing hand-written; only composition roots import adapters.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  let entries: string[] = [];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sourceFiles(relative(ROOT, path));
    return /\.(ts|js|mjs)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Every import specifier of a file, as written. */
function allImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? "");
}

/** Relative imports of a file, as repo-relative paths. */
function localImports(file: string): string[] {
  return allImports(file)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => relative(ROOT, resolve(dirname(join(ROOT, file)), spec)));
}

const FORBIDDEN: Record<string, string[]> = {
  "gen/": ["server/", "sidecar/", "sdk/", "bin/", "scripts/", "test/"],
  // Shared internals of the programs (server/ and sidecar/ may import it); it imports neither.
  "lib/": ["server/", "sidecar/", "sdk/", "bin/", "scripts/", "test/"],
  "server/": ["sidecar/", "sdk/", "bin/", "scripts/", "test/"],
  "sidecar/": ["server/", "sdk/", "bin/", "scripts/", "test/"],
  "sdk/src/": ["server/", "sidecar/", "bin/", "scripts/", "test/"],
};

const isTest = (file: string) => file.endsWith(".test.ts");
const isCompositionRoot = (file: string) =>
  /\/(app|main)\.ts$/.test(file) || file.startsWith("bin/");

describe("import boundaries", () => {
  const files = ["gen", "lib", "server", "sidecar", "sdk/src", "bin"]
    .flatMap(sourceFiles)
    .filter((f) => !isTest(f));

  it.each(Object.entries(FORBIDDEN))("%s imports none of the forbidden trees", (tree, banned) => {
    const violations = files
      .filter((file) => file.startsWith(tree))
      .flatMap((file) =>
        localImports(file)
          .filter((target) => banned.some((b) => target.startsWith(b)))
          .map((t) => `${file} → ${t}`),
      );
    expect(violations).toEqual([]);
  });

  it("only composition roots (app.ts, main.ts, bin/) and other adapters import adapters", () => {
    const violations = files
      .filter((file) => !isCompositionRoot(file) && !file.includes("/adapters/"))
      .flatMap((file) =>
        localImports(file)
          .filter((t) => t.includes("/adapters/"))
          .map((t) => `${file} → ${t}`),
      );
    expect(violations).toEqual([]);
  });

  it("only lib/sql/adapters import the PostgreSQL driver (pg)", () => {
    const drivers = ["pg"];
    const violations = files
      .filter((file) => !file.startsWith("lib/sql/adapters/"))
      .flatMap((file) =>
        allImports(file)
          .filter((spec) => drivers.includes(spec))
          .map((spec) => `${file} → ${spec}`),
      );
    expect(violations).toEqual([]);
  });

  it("sdk/src imports only itself and gen/, and no packages (zero runtime dependencies)", () => {
    const sdk = files.filter((file) => file.startsWith("sdk/src/"));
    const violations = sdk.flatMap((file) =>
      allImports(file)
        .filter((spec) => !spec.startsWith("."))
        .map((spec) => `${file} → ${spec}`)
        .concat(
          localImports(file)
            .filter((t) => !t.startsWith("sdk/src/") && !t.startsWith("gen/"))
            .map((t) => `${file} → ${t}`),
        ),
    );
    expect(violations).toEqual([]);
  });

  it("the SDK's generated modules import only gen/openapi types (nothing the package cannot ship)", () => {
    const sdkGen = files.filter((file) => file.startsWith("gen/sdk/"));
    const violations = sdkGen.flatMap((file) =>
      localImports(file)
        .filter((t) => !t.startsWith("gen/openapi/"))
        .map((t) => `${file} → ${t}`),
    );
    expect(violations).toEqual([]);
  });

  it("sees the files it guards (the scan is not empty)", () => {
    expect(files.some((f) => f.startsWith("server/"))).toBe(true);
    expect(files.some((f) => f.startsWith("sidecar/"))).toBe(true);
    expect(files.some((f) => f.startsWith("sdk/src/"))).toBe(true);
    expect(files.some((f) => f.startsWith("gen/sdk/"))).toBe(true);
  });
});
