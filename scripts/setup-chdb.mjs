#!/usr/bin/env node
// Installs chdb (ClickHouse in-process, ~0.5 GB) into node_modules without touching package.json
// or the lock. It is optional: the embedded analytics store and the ClickHouse SQL tests need it.
// It is kept out of package-lock.json because chdb lists platform packages (darwin, linux-arm64)
// that the registry here does not serve, which makes `npm ci` refuse the lock.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const VERSION = "3.4.0";
const require = createRequire(import.meta.url);

function installedVersion() {
  try {
    return require("chdb/package.json").version;
  } catch {
    return undefined;
  }
}

if (installedVersion() === VERSION) {
  console.log(`setup:chdb: chdb ${VERSION} already installed`);
} else {
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", `chdb@${VERSION}`], {
    stdio: "inherit",
  });
  console.log(`setup:chdb: installed chdb ${installedVersion()}`);
}
