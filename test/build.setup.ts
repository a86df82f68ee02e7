// vitest globalSetup: rebuilds dist/ when it is behind the sources (`npm run build`, a second
// when it runs; a directory walk when it does not), so the tests that spawn `node bin/cpod.js`
// run the compiled programs exactly as `npx cpod` does, not the launcher's tsx fallback. The
// tests themselves keep importing the TypeScript sources.
import { execFileSync } from "node:child_process";

const ROOT = new URL("..", import.meta.url).pathname;

export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.js", "--if-stale"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
