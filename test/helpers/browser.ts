import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { inCI, optionalModule } from "./services.js";

/** playwright-core's types (a devDependency), so the tests use its real API. */
export type { Browser, Locator, Page } from "playwright-core";

type PlaywrightCore = typeof import("playwright-core");

/** Debian's chromium (`scripts/install-browser.sh`); `CPOD_CHROMIUM` names another binary. */
const CHROMIUM = process.env.CPOD_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Launches the system Chromium through playwright-core, headless. Resolves `undefined` (suite to
 * skip) locally when either is missing; under CI=true a missing one throws, like a missing server.
 *
 * @example
 *   const launch = await chromiumLauncher();
 *   describe.skipIf(!launch)("docs in a browser", () => { … await launch!() … });
 */
export async function chromiumLauncher(): Promise<(() => Promise<Browser>) | undefined> {
  const playwright = await optionalModule<PlaywrightCore>("playwright-core");
  if (!existsSync(CHROMIUM)) {
    if (inCI)
      throw new Error(`${CHROMIUM} is missing, and CI=true: run scripts/install-browser.sh`);
    return undefined;
  }
  if (!playwright) return undefined;
  // Chromium refuses to start its sandbox as root (containers, CI); the page is our own.
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return () => playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}
