// docs/production.md promises every setting in one place, and docs/examples/production.env is
// copied into real deployments: a renamed or invented variable in either would be silently
// ignored by the programs. This keeps both tied to the names the code reads.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadControlPlaneConfig } from "../../server/control-plane/config.js";
import { loadGatewayConfig } from "../../server/gateway/config.js";
import { loadSidecarConfig } from "../../sidecar/config.js";

const ROOT = resolve(import.meta.dirname, "../..");
const NAME = /\b(?:CPOD|CORESDK)_[A-Z0-9_]*[A-Z0-9]\b/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) return sources(relative(ROOT, path));
    return /\.(ts|js)$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Every CPOD_/CORESDK_ name the programs' code mentions (bin/, server/, sidecar/, lib/). */
const READ_BY_CODE = new Set(
  ["bin", "server", "sidecar", "lib"]
    .flatMap(sources)
    .flatMap((file) => readFileSync(join(ROOT, file), "utf8").match(NAME) ?? []),
);

const EXAMPLE = readFileSync(join(ROOT, "docs/examples/production.env"), "utf8");
const ASSIGNED = new Map(
  EXAMPLE.split("\n")
    .map((line) => line.match(/^([A-Z][A-Z0-9_]*)=(.*)$/))
    .flatMap((m) => (m?.[1] ? [[m[1], m[2] ?? ""] as const] : [])),
);
const GUIDE = readFileSync(join(ROOT, "docs/production.md"), "utf8");

describe("docs/examples/production.env", () => {
  it("sets only settings a program reads", () => {
    expect(ASSIGNED.size).toBeGreaterThan(20);
    expect(READ_BY_CODE.has("CPOD_GATEWAY_ADDR")).toBe(true); // the scan itself works
    expect([...ASSIGNED.keys()].filter((name) => !READ_BY_CODE.has(name))).toEqual([]);
  });

  it("loads in all three programs' production config once its key placeholder is filled", () => {
    const env = Object.fromEntries(ASSIGNED);
    env.CPOD_MASTER_KEY = randomBytes(32).toString("base64");
    expect(() => loadGatewayConfig(env)).not.toThrow();
    expect(loadControlPlaneConfig(env)).toMatchObject({
      production: true,
      issuer: env.CORESDK_JWT_ISSUER,
      audience: env.CORESDK_JWT_AUDIENCE,
    });
    expect(() => loadSidecarConfig(env)).not.toThrow();
  });
});

describe("docs/production.md", () => {
  it("names every setting the programs read", () => {
    expect([...READ_BY_CODE].filter((name) => !GUIDE.includes(name)).sort()).toEqual([]);
  });
});
