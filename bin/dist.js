// What the compiled programs in dist/ are built from, and whether dist/ is still in step with it.
// Plain JavaScript with node: built-ins only: the `cpod` launcher reads it before anything is
// compiled, and `scripts/build.js` lists its inputs through it, so both agree on the sources.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (bin/ sits in it). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The folders whose files the programs load at run time (traced from bin/commands.ts: nothing
 * else of the repository is imported; sdk/, test/, scripts/ and bench/ are not run from dist/).
 */
export const SOURCE_DIRS = ["bin", "server", "sidecar", "lib", "gen"];

/** The build's own record in dist/: when it started and a hash of every input. */
export const MANIFEST = "dist/build-manifest.json";

/** The build script: a change to it changes the output, so it counts as an input. */
const BUILDER = "scripts/build.js";

/** Tests, docs and the launcher's own JavaScript (bin/*.js) are not part of the programs. */
function isInput(path) {
  if (path.endsWith(".test.ts") || path.endsWith(".md")) return false;
  return !/^bin\/[^/]+\.js$/.test(path);
}

function walk(root, dir, out) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(root, path, out);
    else if (entry.isFile() && isInput(path)) out.push(path);
  }
  return out;
}

/**
 * Every input of the build, relative to `root` with `/` separators, sorted: the TypeScript
 * sources it compiles, the files they read next to themselves (JSON, WASM, a Python launcher),
 * which it copies, and the build script.
 */
export function buildInputs(root = ROOT) {
  return [...SOURCE_DIRS.flatMap((dir) => walk(root, dir, [])), BUILDER].sort();
}

/** sha256 of one input, as the manifest records it. */
export function hashFile(root, path) {
  return createHash("sha256")
    .update(readFileSync(join(root, path)))
    .digest("hex");
}

function readManifest(root) {
  try {
    return JSON.parse(readFileSync(join(root, MANIFEST), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Why dist/ cannot be run as it is — `undefined` when it is in step with the sources. A file
 * touched since the build (a checkout, `npm run generate` writing the same bytes) is hashed and
 * counts only if its content differs, so the common case is one directory walk and a stat per
 * file (a few milliseconds).
 */
export function distStaleness(root = ROOT) {
  const manifest = readManifest(root);
  if (!manifest?.files) return "dist/ has not been built";
  const inputs = buildInputs(root);
  for (const path of inputs) {
    const recorded = manifest.files[path];
    if (recorded === undefined) return `${path} is new since the last build`;
    if (statSync(join(root, path)).mtimeMs < manifest.startedAt) continue;
    if (hashFile(root, path) !== recorded) return `${path} changed since the last build`;
  }
  const current = new Set(inputs);
  const removed = Object.keys(manifest.files).find((path) => !current.has(path));
  return removed ? `${removed} was removed since the last build` : undefined;
}
