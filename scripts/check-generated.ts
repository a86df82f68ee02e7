/**
 * `npm run check:generated`: regenerates gen/ (and the Python and Go SDKs' generated code) and fails
 * when anything differs from what is committed, so neither can drift from proto/, openapi/ or
 * policy/ (connect-es `gh-diffcheck`).
 */
import { execFileSync } from "node:child_process";

const ROOT = new URL("..", import.meta.url).pathname;

execFileSync("npm", ["run", "--silent", "generate"], { cwd: ROOT, stdio: "inherit" });
const GENERATED = ["gen", "sdk/python/cpod_sdk/_generated", "sdk/go/internal/gen"];
const drift = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", ...GENERATED],
  {
    cwd: ROOT,
    encoding: "utf8",
  },
).trim();

if (drift) {
  console.error(
    "check:generated: generated code is out of date with the contracts. Run `npm run generate` and commit:",
  );
  console.error(drift);
  const diff = execFileSync("git", ["diff", "--stat", "--", ...GENERATED], {
    cwd: ROOT,
    encoding: "utf8",
  });
  console.error(diff);
  process.exit(1);
}
console.log("check:generated: gen/ and the SDKs' generated code match the contracts");
