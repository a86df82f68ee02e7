#!/usr/bin/env node
// The `cpod` command. It runs the compiled programs in dist/, which `npm install` builds (the
// `prepare` script) and `npm run build` rebuilds: plain JavaScript, no TypeScript loader at run
// time. When dist/ is behind the sources (a .ts edited, a pull without `npm install`), a
// development install runs the sources through tsx instead and says so in one line on stderr;
// without tsx (a production install) it stops and names the command to run.
// CPOD_FROM_SOURCE=1 runs the sources through tsx on purpose (and is how the start-time bench
// measures the tsx path).
import { distStaleness } from "./dist.js";

const PROGRAM = "cpod";

/** bin/commands.ts through tsx, or `undefined` when tsx is not installed. */
async function fromSource() {
  let tsx;
  try {
    tsx = await import("tsx/esm/api");
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  tsx.register();
  return import("./commands.ts");
}

/** The module exporting `main`, or `undefined` (after one line on stderr) when none can run. */
async function commands() {
  if (process.env.CPOD_FROM_SOURCE === "1") {
    const sources = await fromSource();
    if (!sources) console.error(`${PROGRAM}: CPOD_FROM_SOURCE=1 needs tsx: run \`npm install\``);
    return sources;
  }
  const stale = distStaleness();
  if (!stale) return import("../dist/bin/commands.js");
  const sources = await fromSource();
  console.error(
    sources
      ? `${PROGRAM}: ${stale}; running the TypeScript sources through tsx (slower to start; \`npm run build\` compiles them)`
      : `${PROGRAM}: ${stale}; run \`npm run build\` (or \`npm install\`) to compile the programs`,
  );
  return sources;
}

const loaded = await commands();
process.exitCode = loaded ? await loaded.main(process.argv.slice(2)) : 1;
