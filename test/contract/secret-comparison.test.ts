// Secrets are compared in one way: `sameSecret` (lib/same-secret.ts), SHA-256 digests of both
// sides through crypto.timingSafeEqual. A behavioural test cannot see a timing leak — a plain
// `!==` on the admin token passes every HTTP test — so this reads the source of the modules that
// check what a caller presents and fails on a direct comparison.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sameSecret } from "../../lib/same-secret.js";

const ROOT = resolve(import.meta.dirname, "../..");
const source = (file: string) => readFileSync(resolve(ROOT, file), "utf8");

/** Code without comments and string contents, so prose and literals never match. */
function code(file: string): string {
  return source(file)
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1")
    .replace(/`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}

/** Every place a caller's secret, token or signature is checked, and how. */
const CHECKS = {
  "server/control-plane/http/admin-auth.ts": "sameSecret", // the admin token
  "server/gateway/files/presign-token.ts": "sameSecret", // presigned URL signatures
  "server/control-plane/apps/client-secret.ts": "argon2 verify", // client secrets
  "server/control-plane/oauth/client-authenticator.ts": "via client-secret.ts",
  "server/control-plane/oauth/refresh-tokens.ts": "lookup by SHA-256", // refresh tokens
  "server/control-plane/oauth/token-inspection.ts": "lookup by SHA-256",
  "lib/signed-cursor.ts": "timingSafeEqual on MACs", // every program's cursors (not secrets,
  // but forgeable if compared with a timing leak)
} as const;

const SECRETISH = /secret|token|signature|\bsig\b|mac\b|digest|password|credential|authorization/i;
/** The operands next to each `===` / `!==`: identifier chains, calls and indexes. */
const OPERAND = String.raw`((?:[\w$]|\([^()]*\)|\[[^\]]*\]|\??\.)+)`;
const COMPARISON = new RegExp(`${OPERAND}\\s*[!=]==\\s*${OPERAND}`, "g");

function directComparisons(file: string): string[] {
  return [...code(file).matchAll(COMPARISON)]
    .filter(([, left = "", right = ""]) =>
      [left, right].some((side) => SECRETISH.test(side) && !/\.(length|kind|type)$/.test(side)),
    )
    .map(([m]) => `${file}: ${m}`);
}

describe("sameSecret", () => {
  const secret = "test-admin-token-0123456789abcdefghijklmnop";

  it.each([
    ["the same string", secret, secret, true],
    ["the same bytes", Buffer.from(secret), Buffer.from(secret), true],
    ["a string and its bytes", secret, Buffer.from(secret), true],
    ["one character off at the end", `${secret.slice(0, -1)}q`, secret, false],
    ["one character off at the start", `X${secret.slice(1)}`, secret, false],
    ["a prefix", secret.slice(0, 10), secret, false],
    ["a longer string", `${secret}x`, secret, false],
    ["empty against a secret", "", secret, false],
    ["another case", secret.toUpperCase(), secret, false],
  ] as const)("%s → %s (never throws on lengths)", (_, given, expected, want) => {
    expect(sameSecret(given, expected)).toBe(want);
  });

  it("hashes both sides to fixed-length digests and compares them with timingSafeEqual", () => {
    const src = code("lib/same-secret.ts");
    expect(src).toMatch(/import \{[^}]*\btimingSafeEqual\b[^}]*\} from ""/);
    expect(src).toMatch(/createHash\(""\)/);
    expect(source("lib/same-secret.ts")).toContain('createHash("sha256")');
    expect(src).toMatch(/timingSafeEqual\(digest\(given\), digest\(expected\)\)/);
    expect(directComparisons("lib/same-secret.ts")).toEqual([]);
  });
});

describe("every secret check goes through a constant-time comparison", () => {
  it("the admin token is checked with sameSecret and nothing else", () => {
    const src = code("server/control-plane/http/admin-auth.ts");
    expect(src).toMatch(/import \{ sameSecret \} from ""/);
    expect(source("server/control-plane/http/admin-auth.ts")).toContain(
      'from "../../../lib/same-secret.js"',
    );
    expect(src).toMatch(/!sameSecret\(match\[1\], adminToken\)/);
    expect(src).not.toMatch(/adminToken\s*[!=]==|[!=]==\s*adminToken/);
    expect(src).not.toMatch(/\.(?:equals|localeCompare)\(/);
  });

  it.each(Object.entries(CHECKS))("%s (%s) has no === / !== on a secret", (file, how) => {
    const src = code(file);
    expect(directComparisons(file)).toEqual([]);
    if (how === "sameSecret") expect(src).toMatch(/\bsameSecret\(/);
    if (how === "timingSafeEqual on MACs") expect(src).toMatch(/\btimingSafeEqual\(/);
    if (how === "argon2 verify") expect(src).toMatch(/\bawait verify\(/);
  });

  it("notices a direct comparison (the check is not vacuous)", () => {
    const SAMPLE = "if (match[1] !== adminToken) throw x; if (given.length !== want.length) {}";
    const found = [...SAMPLE.matchAll(COMPARISON)].filter(([, l = "", r = ""]) =>
      [l, r].some((side) => SECRETISH.test(side) && !/\.(length|kind|type)$/.test(side)),
    );
    expect(found.map(([m]) => m)).toEqual(["match[1] !== adminToken"]);
  });
});
