#!/usr/bin/env node
// The `cpod` command. The programs are TypeScript run through tsx's loader, so a fresh clone
// needs only `npm ci` (no build step) before `npx cpod <command>`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./commands.ts");
process.exitCode = await main(process.argv.slice(2));
