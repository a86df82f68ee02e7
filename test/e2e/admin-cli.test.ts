// The admin commands as an operator runs them: `node bin/cpod.js tenants|apps|keys|token|audit`
// (compiled, from dist/) against a real `cpod dev` child process, finding it through the dev
// credentials file alone. Covers tables, --json, --help, usage errors (exit 2), refused and
// unreachable calls (exit 1), and an audit export checked offline, intact and tampered with.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalLine } from "../../bin/admin/audit/verify-export.js";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";
import { freePort } from "../helpers/private-server.js";

const REPO = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Env without any control-plane settings, so only the dev credentials file is read. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^CPOD_|^CORESDK_/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

let dev: RunningDevPlatform;
const scratch = mkdtempSync(join(tmpdir(), "cpod-admin-cli-"));

/** `cpod …` against the dev platform (or `env` instead); never throws on a non-zero exit. */
async function cpod(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/cpod.js", ...args], {
      cwd: REPO,
      env: cleanEnv({ CPOD_DATA_DIR: dev.dataDir, ...env }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A JSON answer of a command that must succeed. */
async function json<T>(args: string[], env?: NodeJS.ProcessEnv): Promise<T> {
  const result = await cpod([...args, "--json"], env);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** A command that must fail: its exit code and its single stderr line. */
async function failure(args: string[], env?: NodeJS.ProcessEnv) {
  const result = await cpod(args, env);
  expect(result.stderr.endsWith("\n")).toBe(true);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  return { code: result.code, line: result.stderr.trimEnd() };
}

/** The `kid` in a JWT's header. */
const kidOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString()) as { kid?: string })
    .kid;

/** A JWT whose `kid` no control plane published (its signature is never looked at). */
function madeUpKidToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const header = part({ alg: "RS256", typ: "JWT", kid: `k_made_up_${Date.now()}` });
  const claims = part({ sub: "nobody", exp: Math.floor(Date.now() / 1000) + 60 });
  return `${header}.${claims}.${Buffer.from("not a signature").toString("base64url")}`;
}

beforeAll(async () => {
  dev = await startDevPlatform();
}, 200_000);
afterAll(async () => {
  await dev?.stop();
});

describe("cpod admin commands against cpod dev", () => {
  it("lists every command in `cpod --help`, and --help on groups and subcommands", async () => {
    const top = await cpod(["--help"]);
    expect(top.code).toBe(0);
    for (const name of ["dev", "gateway", "control-plane", "sidecar", "tenants", "apps", "keys"]) {
      expect(top.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    }
    expect(top.stdout).toMatch(/^ {2}token /m);
    expect(top.stdout).toMatch(/^ {2}audit /m);
    const group = await cpod(["apps", "--help"]);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/^ {2}rotate-secret /m);
    const sub = await cpod(["tenants", "update", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("usage: cpod tenants update TENANT_ID");
    expect(sub.stdout).toContain("--clear-limits");
    expect((await cpod(["audit", "verify", "-h"])).stdout).toContain(
      "usage: cpod audit verify FILE",
    );
  });

  it("creates, shows and suspends a tenant, as a table and as JSON", async () => {
    const made = await cpod(["tenants", "create", "--name", "Acme CLI", "--plan", "pro"]);
    expect(made.code).toBe(0);
    const id = /^ID\s+(ten_\w+)$/m.exec(made.stdout)?.[1] ?? "";
    expect(id).not.toBe("");
    expect(made.stdout).toMatch(/^NAME\s+Acme CLI$/m);
    expect(made.stdout).toMatch(/^STATUS\s+active$/m);

    const listed = await cpod(["tenants", "list"]);
    expect(listed.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+PLAN\s+STATUS\s+LIMITS\s+CREATED$/);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+Acme CLI\\s+pro\\s+active\\b`, "m"));
    const all = await json<Array<{ id: string }>>(["tenants", "list"]);
    expect(all.map((t) => t.id)).toEqual(expect.arrayContaining([id, dev.tenantId]));

    expect(await json(["tenants", "get", id])).toMatchObject({ id, name: "Acme CLI" });
    expect(await json(["tenants", "suspend", id])).toMatchObject({ id, status: "suspended" });
  });

  it("manages an app's lifecycle and gets a token for it", async () => {
    type AppWithSecret = { client_id: string; client_secret: string; declared_scopes: string[] };
    const app = await json<AppWithSecret>([
      "apps",
      "create",
      ...[
        "--tenant",
        dev.tenantId,
        "--name",
        "cli app",
        "--scope",
        "kv.read",
        "--scope",
        "kv.write",
      ],
    ]);
    expect(app.declared_scopes).toEqual(["kv.read", "kv.write"]);
    expect(app.client_secret).toMatch(/^cs_/);

    const table = await cpod(["apps", "list", "--tenant", dev.tenantId]);
    expect(table.stdout).toMatch(
      new RegExp(
        `^${app.client_id}\\s+${dev.tenantId}\\s+cli app\\s+service\\s+kv.read kv.write`,
        "m",
      ),
    );
    expect(await json(["apps", "get", app.client_id])).toMatchObject({ name: "cli app" });

    const rotated = await json<AppWithSecret>(["apps", "rotate-secret", app.client_id]);
    expect(rotated.client_secret).not.toBe(app.client_secret);
    // An app's own credentials are enough: no admin token, no dev file (an empty data dir).
    const { control_plane_url: url } = JSON.parse(
      readFileSync(join(dev.dataDir, "dev-credentials.json"), "utf8"),
    ) as { control_plane_url: string };
    const env = { CPOD_CLIENT_SECRET: rotated.client_secret, CPOD_DATA_DIR: scratch };
    const args = ["--client-id", app.client_id, "--scope", "kv.read", "-q", "--url", url];
    const token = await cpod(["token", ...args], env);
    expect(token.code).toBe(0);
    const gateway = await fetch(`${dev.baseUrl}/v1/kv/cli-probe`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(gateway.status).toBe(404); // authenticated and authorized; the key just is not there

    const stale = await failure(["token", "--client-id", app.client_id], {
      CPOD_CLIENT_SECRET: app.client_secret,
    });
    expect(stale).toEqual({
      code: 1,
      line: expect.stringMatching(/^cpod token: refused: 401 invalid_client\b/),
    });

    expect((await cpod(["apps", "delete", app.client_id])).stdout.trim()).toBe(
      `deleted ${app.client_id}`,
    );
    expect(await failure(["apps", "get", app.client_id])).toEqual({
      code: 1,
      line: expect.stringMatching(/^cpod apps get: refused: 404 not_found\b/),
    });
  });

  it("rotates the signing key, and a token of the new key works at the sidecar at once", async () => {
    const kv = (token: string, init: RequestInit = {}) =>
      fetch(`${dev.baseUrl}/v1/kv/rotation-probe`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
    const before = (await cpod(["token", "-q"])).stdout.trim();
    const put = await kv(before, { method: "PUT", body: JSON.stringify({ value: "kept" }) });
    expect(put.status).toBe(200);
    // A made-up kid makes the sidecar refetch the JWKS unless it did within its cooldown: either
    // way its key set is now at most one cooldown old, and it may not refetch for the new key.
    expect((await kv(madeUpKidToken())).status).toBe(401);

    const rotated = await cpod(["keys", "rotate"]);
    expect(rotated.code).toBe(0);
    const row = (name: string) => rotated.stdout.match(new RegExp(`^${name}\\s+(\\S+)$`, "m"))?.[1];
    expect(row("NEXT_KID")).toMatch(/^k_/);
    expect(row("KID")).not.toBe(row("PREVIOUS_KID"));

    const after = (await cpod(["token", "-q"])).stdout.trim();
    expect(kidOf(after)).toBe(row("KID"));
    const read = await kv(after);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ key: "rotation-probe", value: "kept" });
    expect((await kv(before)).status).toBe(200); // the previous key verifies until it retires
  });

  it.each([
    [["tenants", "create"], "cpod tenants create: --name is required"],
    [
      ["tenants", "create", "--name", "x", "--plan", "gold"],
      'cpod tenants create: --plan must be one of free, pro, enterprise, not "gold"',
    ],
    [["tenants", "list", "--bogus"], "cpod tenants list: Unknown option '--bogus'"],
    [["tenants", "get"], "cpod tenants get: missing TENANT_ID"],
    [
      ["tenants", "frobnicate"],
      'cpod tenants: unknown command "frobnicate" (try: create, list, get, update, suspend, resume)',
    ],
    [
      ["tenants"],
      "cpod tenants: missing command (try: create, list, get, update, suspend, resume; or --help)",
    ],
    [
      ["tenants", "update", "ten_x"],
      "cpod tenants update: nothing to update: give --name, --plan, --requests-per-window, --window-seconds or --clear-limits",
    ],
    [
      ["tenants", "update", "ten_x", "--clear-limits", "--window-seconds", "5"],
      "cpod tenants update: --clear-limits cannot be combined with --requests-per-window or --window-seconds",
    ],
    [
      ["tenants", "update", "ten_x", "--window-seconds", "0"],
      'cpod tenants update: --window-seconds must be a whole number from 1 to 86400, not "0"',
    ],
    [
      ["tenants", "update", "ten_x", "--requests-per-window", "1000000001"],
      'cpod tenants update: --requests-per-window must be a whole number from 1 to 1000000000, not "1000000001"',
    ],
    [
      ["apps", "create", "--tenant", "t", "--name", "n"],
      "cpod apps create: --scope is required (e.g. --scope kv.read)",
    ],
    [["audit", "verify"], "cpod audit verify: missing FILE"],
    // Dot segments would be resolved away by URL parsing (`tenants resume ..` → POST /v1/resume).
    [["tenants", "resume", ".."], 'cpod tenants resume: TENANT_ID cannot be ".."'],
    [["tenants", "update", ".", "--name", "x"], 'cpod tenants update: TENANT_ID cannot be "."'],
    [["apps", "delete", ".."], 'cpod apps delete: CLIENT_ID cannot be ".."'],
    [["apps", "list", "--tenant", ".."], 'cpod apps list: --tenant cannot be ".."'],
    [["audit", "export", "--tenant", "."], 'cpod audit export: --tenant cannot be "."'],
    [["audit", "export"], "cpod audit export: give either --tenant TENANT_ID or --platform"],
    [
      ["audit", "export", "--platform", "--tenant", "ten_x"],
      "cpod audit export: give either --tenant TENANT_ID or --platform",
    ],
  ])("%j is a usage error: exit 2 and one line", async (args, line) => {
    expect(await failure(args)).toEqual({ code: 2, line });
  });

  it("says how to find a control plane when there is none (exit 2)", async () => {
    const nowhere = await failure(["tenants", "list"], { CPOD_DATA_DIR: scratch });
    expect(nowhere.code).toBe(2);
    expect(nowhere.line).toMatch(
      /^cpod tenants list: no control plane: set CPOD_CONTROL_PLANE_URL/,
    );
  });

  it("reports a refused call and an unreachable server as one line (exit 1)", async () => {
    const unknown = "ten_00000000000000000000000000";
    expect(await failure(["tenants", "get", unknown])).toEqual({
      code: 1,
      line: expect.stringMatching(/^cpod tenants get: refused: 404 not_found \(.+\)$/),
    });
    // Not "(none)" and exit 0: a mistyped tenant is not a tenant without apps.
    expect(await failure(["apps", "list", "--tenant", unknown])).toEqual({
      code: 1,
      line: expect.stringMatching(/^cpod apps list: refused: 404 not_found \(.+\)$/),
    });
    const wrongToken = await failure(["tenants", "list"], { CPOD_ADMIN_TOKEN: "not-the-token" });
    expect(wrongToken.line).toMatch(/^cpod tenants list: refused: 401 invalid_token\b/);
    const port = await freePort(); // free: nothing listens there
    const closed = await failure(["tenants", "list", "--url", `http://127.0.0.1:${port}`]);
    expect(closed).toEqual({
      code: 1,
      line: `cpod tenants list: cannot reach the control plane at http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });
});

describe("cpod audit export and verify on a real chain", () => {
  let file: string;
  let lines: string[];
  /** A tampered copy of the export, verified; resolves with the exit code and stderr line. */
  const verifyVariant = async (name: string, text: string) => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return failure(["audit", "verify", path]);
  };

  beforeAll(async () => {
    // Admin changes land in the tenant's chain: a tenant, three apps, a rotation, a deletion
    // (which waits for the outbox, so every earlier record has been delivered too).
    const tenant = await json<{ id: string }>(["tenants", "create", "--name", "audited"]);
    const apps: string[] = [];
    for (const name of ["a1", "a2", "a3"]) {
      const args = ["apps", "create", "--tenant", tenant.id, "--name", name, "--scope", "kv.read"];
      apps.push((await json<{ client_id: string }>(args)).client_id);
    }
    await json(["apps", "rotate-secret", apps[0] ?? ""]);
    expect((await cpod(["apps", "delete", apps[1] ?? ""])).code).toBe(0);
    file = join(scratch, "audit.jsonl");
    const exported = await cpod(["audit", "export", "--tenant", tenant.id, "--out", file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^RECORDS\s+6$/m);
    lines = readFileSync(file, "utf8").trimEnd().split("\n");
  }, 120_000);

  it("writes a header, the records in chain order and an end line", () => {
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ format: "cpod-audit-export", version: 1 });
    const records = lines
      .slice(1, -1)
      .map((l) => JSON.parse(l) as { sequence_id: number; action: string });
    expect(records.map((r) => r.sequence_id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(records[0]?.action).toBe("tenants.create");
    expect(JSON.parse(lines.at(-1) ?? "")).toMatchObject({ end: true, count: 6 });
    // The checker accepts only canonical lines (docs/audit-export.md), so the exporter writes them.
    for (const line of lines) expect(canonicalLine(JSON.parse(line))).toBe(line);
  });

  it("verifies the intact export (exit 0), also as JSON", async () => {
    const ok = await cpod(["audit", "verify", file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^valid: 6 records of tenant ten_\w+, head hash [0-9a-f]{64}$/m);
    expect(await json(["audit", "verify", file])).toMatchObject({ valid: true, checked: 6 });
  });

  it("names the first broken sequence of an edited record", async () => {
    const edited = [...lines];
    edited[3] = (edited[3] ?? "").replace('"name":"a2"', '"name":"innocent"');
    expect(edited[3]).not.toBe(lines[3]);
    expect(await verifyVariant("edited.jsonl", `${edited.join("\n")}\n`)).toEqual({
      code: 1,
      line: `cpod audit verify: chain broken at sequence 3: record_hash does not match the record`,
    });
  });

  it("names the first broken sequence of a record missing in the middle", async () => {
    const missing = lines.filter((_, i) => i !== 4);
    expect((await verifyVariant("missing.jsonl", missing.join("\n"))).line).toBe(
      "cpod audit verify: chain broken at sequence 4: expected sequence 4 here",
    );
  });

  it("names the first broken sequence of a cut last line, and of a file cut after a record", async () => {
    const text = lines.slice(0, -1).join("\n");
    const cut = await verifyVariant("cut.jsonl", text.slice(0, text.length - 40));
    expect(cut.line).toBe(
      "cpod audit verify: chain broken at sequence 6: a line is not a JSON object (a cut or garbled line)",
    );
    const short = await verifyVariant("short.jsonl", `${lines.slice(0, -2).join("\n")}\n`);
    expect(short.line).toMatch(
      /^cpod audit verify: chain broken at sequence 6: the file ends before its end line/,
    );
  });

  it("names the first broken sequence of reordered lines", async () => {
    const swapped = [...lines];
    [swapped[2], swapped[3]] = [lines[3] ?? "", lines[2] ?? ""];
    const result = await verifyVariant("swapped.jsonl", swapped.join("\n"));
    expect(result).toEqual({
      code: 1,
      line: "cpod audit verify: chain broken at sequence 2: expected sequence 2 here",
    });
    const json = await cpod(["audit", "verify", join(scratch, "swapped.jsonl"), "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      checked: 1,
      first_invalid_sequence: 2,
    });
  });

  it("verifies records the gateway wrote (app actor, masked metadata with fractions, non-ASCII)", async () => {
    const auth = await dev.bearer();
    const made = await fetch(`${dev.baseUrl}/v1/entities/people`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ display_name: "Zoë ✓" }),
    });
    expect(made.status).toBe(201);
    const out = join(scratch, "dev-tenant.jsonl");
    // The gateway's audit queue delivers in the background: export until its record is in.
    for (let attempt = 0; ; attempt++) {
      const args = ["audit", "export", "--tenant", dev.tenantId, "--out", out];
      expect((await cpod(args)).code).toBe(0);
      if (readFileSync(out, "utf8").includes('"action":"entities.create"')) break;
      if (attempt > 100) throw new Error("the gateway's audit record never reached the chain");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ok = await cpod(["audit", "verify", out]);
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
  });

  it("exports the platform chain (key rotations, the exports themselves) and it verifies", async () => {
    const out = join(scratch, "platform.jsonl");
    expect((await cpod(["audit", "export", "--platform", "--out", out])).code).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ tenant_id: "_platform" });
    // Every tenant export above left an audit.export record in the platform chain.
    expect(lines.some((line) => line.includes('"action":"audit.export"'))).toBe(true);
    const ok = await cpod(["audit", "verify", out]);
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
  });

  it("reports an unwritable --out as one line (exit 1), leaving no .tmp file", async () => {
    const out = join(scratch, "no-such-dir", "audit.jsonl");
    const args = ["audit", "export", "--tenant", dev.tenantId, "--out", out];
    expect(await failure(args)).toEqual({
      code: 1,
      line: `cpod audit export: cannot write ${out} (ENOENT)`,
    });
    expect(readdirSync(scratch).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a file that is not an export, and an unknown tenant leaves no file", async () => {
    expect(await verifyVariant("other.jsonl", '{"hello":1}\n')).toEqual({
      code: 1,
      line: `cpod audit verify: ${join(scratch, "other.jsonl")} is not an audit export: not a cpod-audit-export file`,
    });
    const out = join(scratch, "nobody.jsonl");
    const args = ["audit", "export", "--tenant", "ten_00000000000000000000000000", "--out", out];
    expect((await failure(args)).line).toMatch(/^cpod audit export: refused: 404 not_found\b/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});

// PATCH /v1/tenants/{tenant_id} (updateTenant) and POST …/resume (resumeTenant) through the CLI.
describe("cpod tenants update and resume", () => {
  it("updates a tenant's name, plan and limits, then clears the limits", async () => {
    const { id } = await json<{ id: string }>(["tenants", "create", "--name", "before"]);
    const changed = await json<{ name: string; plan: string; limits: unknown }>([
      "tenants",
      "update",
      id,
      ...[
        "--name",
        "after",
        "--plan",
        "enterprise",
        "--requests-per-window",
        "42",
        "--window-seconds",
        "7",
      ],
    ]);
    expect(changed).toMatchObject({
      name: "after",
      plan: "enterprise",
      limits: { requests_per_window: 42, window_seconds: 7 },
    });
    const table = await cpod(["tenants", "get", id]);
    expect(table.stdout).toMatch(/^LIMITS\s+42\/7s$/m);
    const cleared = await json<{ limits: unknown }>(["tenants", "update", id, "--clear-limits"]);
    // Back to the plan's: no own limits (null or absent, or the plan's numbers if shown).
    expect(JSON.stringify(cleared.limits ?? null)).not.toContain('"requests_per_window":42');
    expect((await cpod(["tenants", "get", id])).stdout).not.toMatch(/^LIMITS\s+42\/7s$/m);
  });

  it("resumes a suspended tenant", async () => {
    const { id } = await json<{ id: string }>(["tenants", "create", "--name", "paused"]);
    await json(["tenants", "suspend", id]);
    expect(await json(["tenants", "resume", id])).toMatchObject({ id, status: "active" });
  });
});
