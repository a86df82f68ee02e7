import { execFile as execFileCb } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type LoadedPolicy, loadPolicy } from "@open-policy-agent/opa-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceUrl } from "../helpers/services.js";

// The decision table in test/fixtures/policy-cases.json is the spec of policy/authz.rego. It is
// checked against the committed Wasm build (what the sidecar runs) and against the real `opa`
// CLI evaluating the Rego sources, so the two engines cannot drift apart unnoticed.

const execFile = promisify(execFileCb);
const root = fileURLToPath(new URL("../../", import.meta.url));
const policyDir = join(root, "policy");
const ENTRYPOINT = "cpod/authz/decision";
const REASONS = [
  "invalid_input",
  "missing_scope",
  "reserved_app",
  "tenant_mismatch",
  "tenant_suspended",
  "unknown_action",
];

interface Decision {
  allow: boolean;
  reasons: string[];
}

interface PolicyCase {
  name: string;
  input: unknown;
  data: object;
  want: Decision;
}

const cases = JSON.parse(
  readFileSync(join(root, "test/fixtures/policy-cases.json"), "utf8"),
) as PolicyCase[];

// No opa CLI skips these suites locally and fails them under CI=true (test/helpers/services.ts).
const opaBin = serviceUrl("CPOD_OPA_BIN");

function wasmDecision(policy: LoadedPolicy, c: PolicyCase): Decision {
  policy.setData(c.data);
  const resultSet = policy.evaluate(c.input, ENTRYPOINT) as { result: Decision }[];
  expect(resultSet).toHaveLength(1);
  return (resultSet[0] as { result: Decision }).result;
}

async function cliDecision(bin: string, dir: string, c: PolicyCase, i: number): Promise<Decision> {
  const inputFile = join(dir, `${i}.input.json`);
  const dataFile = join(dir, `${i}.data.json`);
  await writeFile(inputFile, JSON.stringify(c.input));
  await writeFile(dataFile, JSON.stringify(c.data));
  const { stdout } = await execFile(bin, [
    ...["eval", "-f", "json", "--strict-builtin-errors", "--ignore", "*_test.rego"],
    ...["-d", policyDir, "--data", dataFile, "--input", inputFile, "data.cpod.authz.decision"],
  ]);
  const out = JSON.parse(stdout) as { result?: { expressions: { value: Decision }[] }[] };
  expect(out.result, `opa eval gave no result for "${c.name}"`).toHaveLength(1);
  return out.result?.[0]?.expressions[0]?.value as Decision;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe("policy decision table", () => {
  it("is large, uniquely named, and consistent with itself", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const { name, want } of cases) {
      expect(want.allow, name).toBe(want.reasons.length === 0);
      expect(want.reasons, name).toEqual([...new Set(want.reasons)].sort());
      expect(REASONS, name).toEqual(expect.arrayContaining(want.reasons));
    }
    const covered = new Set(cases.flatMap((c) => c.want.reasons));
    expect([...covered].sort()).toEqual(REASONS);
  });
});

describe("policy Wasm build (gen/policy/authz.wasm)", () => {
  const wasm = readFileSync(join(root, "gen/policy/authz.wasm"));
  let policy: LoadedPolicy;
  beforeAll(async () => {
    policy = await loadPolicy(wasm);
  });

  it("matches its manifest", () => {
    const manifest = JSON.parse(readFileSync(join(root, "gen/policy/manifest.json"), "utf8"));
    expect(manifest.entrypoint).toBe(ENTRYPOINT);
    expect(manifest.sha256).toBe(createHash("sha256").update(wasm).digest("hex"));
    expect(Object.keys(policy.entrypoints)).toEqual([ENTRYPOINT]);
  });

  it.each(cases)("$name", (c) => {
    expect(wasmDecision(policy, c)).toEqual(c.want);
  });
});

describe.skipIf(!opaBin)("policy via the opa CLI", () => {
  it("passes `opa check --strict` and `opa test`", async () => {
    await execFile(opaBin as string, ["check", "--strict", policyDir]);
    const { stdout } = await execFile(opaBin as string, ["test", "--fail-on-empty", policyDir]);
    expect(stdout).toMatch(/^PASS: \d+\/\d+$/m);
  });

  it("agrees with the Wasm build on every case", async () => {
    const policy = await loadPolicy(readFileSync(join(root, "gen/policy/authz.wasm")));
    const dir = await mkdtemp(join(tmpdir(), "cpod-policy-cases-"));
    try {
      const cli = await mapLimit(cases, 4, (c, i) => cliDecision(opaBin as string, dir, c, i));
      const byName = (ds: Decision[]) => Object.fromEntries(cases.map((c, i) => [c.name, ds[i]]));
      const wasm = cases.map((c) => wasmDecision(policy, c));
      expect(byName(cli)).toEqual(byName(wasm));
      expect(byName(cli)).toEqual(byName(cases.map((c) => c.want)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
