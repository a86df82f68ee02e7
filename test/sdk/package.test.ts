import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The published artifact, tested as a newcomer meets it: `npm pack` → `npm install <tarball>`
 * in an empty folder (offline: the SDK has no runtime dependencies) → a plain Node script and
 * a strict TypeScript file that import `@cpod/sdk`.
 */
const ROOT = new URL("../..", import.meta.url).pathname;
const SDK = join(ROOT, "sdk");

/**
 * Size budget of what an app's bundler adds for the SDK: the whole of `dist` bundled,
 * minified and gzipped. 12 KiB leaves room to grow from ~7 KiB today while catching an
 * accidental dependency or a generated schema table being pulled in.
 */
const BUNDLE_BUDGET_GZIP = 12 * 1024;

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });

function install(tarball: string, into: string): void {
  mkdirSync(into, { recursive: true });
  writeFileSync(
    join(into, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  run(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball],
    into,
  );
}

const CONSUMER = `
import { createServer } from "node:http";
import { CpodClient, isCpodError, NotFoundError } from "@cpod/sdk";
import * as other from "../second/node_modules/@cpod/sdk/dist/sdk/src/index.js";

// A two-route stand-in for the gateway, so the installed SDK runs over real sockets.
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (req.url === "/v1/oauth/token") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "kv.read" }));
    }
    if (req.url.startsWith("/v1/files/")) {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ path: "a.txt", size: body.length, echo: body, ua: req.headers["user-agent"] }));
    }
    res.writeHead(404, { "content-type": "application/problem+json", "x-request-id": "req_42" });
    res.end(JSON.stringify({ type: "x", title: "Not found", status: 404, code: "not_found", detail: "no key missing" }));
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const client = new CpodClient({ baseUrl: "http://127.0.0.1:" + server.address().port, clientId: "app_1", clientSecret: "cs_1" });
const stream = new Blob(["streamed ", "bytes"]).stream();
const uploaded = await client.files.upload("a.txt", stream, { onProgress: () => {} });
let caught;
try { await client.kv.get("missing"); } catch (e) { caught = e; }
const foreign = new other.NotFoundError({ status: 404, code: "not_found", title: "x" });
console.log(JSON.stringify({
  uploaded: uploaded.echo,
  ua: uploaded.ua,
  notFound: caught instanceof NotFoundError,
  code: caught.code,
  requestId: caught.requestId,
  acrossCopies: isCpodError(foreign) && other.isCpodError(caught),
  instanceofAcrossCopies: foreign instanceof NotFoundError,
}));
server.close();
`;

const TYPED_CONSUMER = `
import { CpodClient, type KvEntry, type Person, isCpodError } from "@cpod/sdk";
const client = new CpodClient({ baseUrl: "http://localhost:8000", clientId: "a", clientSecret: "b" });
export async function f(): Promise<string | undefined> {
  const entry: KvEntry<{ n: number }> = await client.kv.get<{ n: number }>("k");
  const ada: Person = await client.entities.people.create({ display_name: "Ada" });
  for await (const p of client.entities.people.list({ filter: { email: { $exists: true } }, sort: "-email" })) {
    if (isCpodError(p)) return p.code;
  }
  return entry.value.n > 0 ? ada.display_name : undefined;
}
`;

describe("the packed @cpod/sdk", () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "cpod-sdk-pack-"));
    const [packed] = JSON.parse(
      run("npm", ["pack", "--json", "--pack-destination", work], SDK),
    ) as { filename: string }[];
    tarball = join(work, packed?.filename ?? "");
    install(tarball, join(work, "app"));
    install(tarball, join(work, "second"));
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships only dist, with the contract types inside, and has no dependencies", () => {
    const pkg = JSON.parse(
      readFileSync(join(work, "app/node_modules/@cpod/sdk/package.json"), "utf8"),
    );
    expect(pkg.dependencies ?? {}).toEqual({});
    const files = readdirSync(join(work, "app/node_modules/@cpod/sdk"));
    expect(files.sort()).toEqual(["README.md", "dist", "package.json"]);
    expect(
      statSync(join(work, "app/node_modules/@cpod/sdk/dist/gen/openapi/gateway.d.ts")).size,
    ).toBeGreaterThan(0);
  });

  it("imports and works from a plain Node script in a clean folder", () => {
    writeFileSync(join(work, "app/main.mjs"), CONSUMER);
    const result = JSON.parse(run(process.execPath, ["main.mjs"], join(work, "app")));
    expect(result).toMatchObject({
      uploaded: "streamed bytes",
      notFound: true,
      code: "not_found",
      requestId: "req_42",
      acrossCopies: true,
      instanceofAcrossCopies: false,
    });
    expect(result.ua).toMatch(/^cpod-sdk-ts\/\d+\.\d+\.\d+ node\//);
  });

  it("typechecks a strict TypeScript consumer against the shipped .d.ts", () => {
    writeFileSync(join(work, "app/main.ts"), TYPED_CONSUMER);
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const args = [
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
    ];
    const typeRoots = ["--typeRoots", join(ROOT, "node_modules/@types"), "--types", "node"];
    expect(() =>
      run(process.execPath, [tsc, ...args, ...typeRoots, "main.ts"], join(work, "app")),
    ).not.toThrow();
  }, 120_000);

  it(`stays within the bundle budget of ${BUNDLE_BUDGET_GZIP} bytes (minified, gzipped)`, async () => {
    const entry = join(work, "app/node_modules/@cpod/sdk/dist/sdk/src/index.js");
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
    });
    const size = gzipSync(out.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
    console.log(`@cpod/sdk bundle: ${size} bytes gzipped (budget ${BUNDLE_BUDGET_GZIP})`);
    expect(size).toBeGreaterThan(2_000);
    expect(size).toBeLessThanOrEqual(BUNDLE_BUDGET_GZIP);
  });
});
