/**
 * `npm run check:generated`: regenerates gen/ and fails when anything differs from what is
 * committed, so gen/ can never drift from proto/, openapi/ or policy/ (connect-es `gh-diffcheck`).
 */
import { execFileSync } from "node:child_process";

const ROOT = new URL("..", import.meta.url).pathname;

execFileSync("npm", ["run", "--silent", "generate"], { cwd: ROOT, stdio: "inherit" });
const drift = execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "--", "gen"], {
  cwd: ROOT,
  encoding: "utf8",
}).trim();

if (drift) {
  console.error(
    "check:generated: gen/ is out of date with the contracts. Run `npm run generate` and commit:",
  );
  console.error(drift);
  const diff = execFileSync("git", ["diff", "--stat", "--", "gen"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  console.error(diff);
  process.exit(1);
}
console.log("check:generated: gen/ matches the contracts");
