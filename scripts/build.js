#!/usr/bin/env node
// `npm run build` (also `npm install`'s prepare): compiles the programs' TypeScript into dist/,
// one JavaScript file per source at the same relative path (bin/commands.ts →
// dist/bin/commands.js), and copies the files they read next to themselves (gen/openapi/*.json,
// gen/policy/authz.wasm, lib/embedded/clickhouse/launcher.py), so every
// `new URL("…", import.meta.url)` finds the same neighbour it finds in the sources. esbuild transpiles each file on its own —
// no bundling, no type check (`npm run typecheck` does that) — which is sound here because the
// tsconfig has `isolatedModules` and `verbatimModuleSyntax`: every import the sources keep is
// a runtime import, and they already import `./x.js`. About a second for the whole tree.
//
// `--if-stale` builds only when dist/ is behind the sources (the test setup uses it).
// This file is plain JavaScript so `prepare` runs it with node alone.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildInputs, distStaleness, hashFile, MANIFEST, ROOT } from "../bin/dist.js";

const PROGRAM = "cpod build";

/** esbuild is a devDependency: absent after `npm install --omit=dev`. */
async function loadEsbuild() {
  try {
    return await import("esbuild");
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

/** Removes the side folders of builds that were killed midway (their process is gone). */
function removeLeftovers(root) {
  for (const name of readdirSync(root)) {
    const pid = Number(/^dist\.(?:tmp|old)-(\d+)$/.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error.code === "ESRCH") rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** Replaces dist/ by `next` in two renames; a concurrent build that won keeps its own copy. */
function swapIn(root, next) {
  const dist = join(root, "dist");
  const old = join(root, `dist.old-${process.pid}`);
  try {
    renameSync(dist, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  try {
    renameSync(next, dist);
  } catch (error) {
    if (!["EEXIST", "ENOTEMPTY"].includes(error.code)) throw error;
    rmSync(next, { recursive: true, force: true }); // another build's dist/ (same sources) is in
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Builds dist/ from the sources under `root`; answers how many files it wrote and how long it
 * took. The output is assembled beside dist/ and swapped in, so a program starting meanwhile
 * sees the old tree or the new one, never half of each.
 */
export async function build(root = ROOT) {
  const esbuild = await loadEsbuild();
  if (!esbuild) throw new Error("esbuild is not installed (a devDependency): `npm install` first");
  const startedAt = Date.now();
  const inputs = buildInputs(root).filter((path) => path !== "scripts/build.js");
  const files = Object.fromEntries(
    [...inputs, "scripts/build.js"].map((path) => [path, hashFile(root, path)]),
  );
  removeLeftovers(root);
  const next = join(root, `dist.tmp-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: inputs.filter((path) => path.endsWith(".ts")),
    outdir: next,
    outbase: ".",
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  for (const path of inputs.filter((p) => !p.endsWith(".ts"))) {
    mkdirSync(dirname(join(next, path)), { recursive: true });
    copyFileSync(join(root, path), join(next, path));
  }
  writeFileSync(join(next, MANIFEST.replace(/^dist\//, "")), JSON.stringify({ startedAt, files }));
  swapIn(root, next);
  return { files: inputs.length, ms: Date.now() - startedAt };
}

/** Builds when dist/ is behind the sources; answers why it built, or `undefined`. */
export async function buildIfStale(root = ROOT) {
  const why = distStaleness(root);
  if (why) await build(root);
  return why;
}

async function cli(argv) {
  if (argv.includes("--if-stale")) {
    const why = await buildIfStale();
    console.log(why ? `${PROGRAM}: rebuilt dist/ (${why})` : `${PROGRAM}: dist/ is up to date`);
    return 0;
  }
  if (!(await loadEsbuild()) && !distStaleness()) {
    // `npm install --omit=dev` over a dist/ built elsewhere (a build stage): nothing to do.
    console.log(`${PROGRAM}: esbuild is not installed; dist/ is up to date, kept`);
    return 0;
  }
  const { files, ms } = await build();
  console.log(`${PROGRAM}: ${files} files into dist/ in ${ms} ms`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await cli(process.argv.slice(2)).catch((error) => {
    console.error(`${PROGRAM}: ${error.message}`);
    return 1;
  });
}
