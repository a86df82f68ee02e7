import { existsSync } from "node:fs";
import { inCI, optionalModule } from "./services.js";

/**
 * The slice of playwright-core's API the browser tests use, typed here so the suite
 * type-checks whether or not the optional package is installed.
 */
export interface Locator {
  locator(selector: string, opts?: { hasText?: string }): Locator;
  first(): Locator;
  click(): Promise<void>;
  fill(value: string): Promise<void>;
  textContent(): Promise<string | null>;
  waitFor(opts?: { timeout?: number }): Promise<void>;
}

/** One browser tab (playwright-core `Page`, the parts used here). */
export interface Page {
  goto(url: string): Promise<unknown>;
  locator(selector: string): Locator;
  on(event: "request", listener: (request: { url(): string }) => void): void;
  on(event: "console", listener: (message: { type(): string; text(): string }) => void): void;
}

/** A launched browser (playwright-core `Browser`, the parts used here). */
export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: {
    launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
  };
}

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
