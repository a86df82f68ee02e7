// The API reference works on the first try (issue #16 item 7): a real `cpod dev`, its /docs page
// in a real Chromium, Authorize with the dev app's client credentials, then Try it out on a read
// and on two writes. Nothing may be fetched from another origin and the console stays clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, chromiumLauncher, type Locator, type Page } from "../helpers/browser.js";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";

const launch = await chromiumLauncher();

/** Opens one operation (deep-link id `operations-<tag>-<operationId>`), Try it out already on. */
async function openOperation(page: Page, tag: string, operationId: string): Promise<Locator> {
  const op = page.locator(`#operations-${tag}-${operationId}`);
  await op.locator(".opblock-summary").first().click();
  await op.locator("button.execute").first().waitFor();
  return op;
}

/** Executes an opened operation and returns the status code Swagger UI shows for the answer. */
async function execute(op: Locator): Promise<string> {
  await op.locator("button.execute").first().click();
  const status = op.locator(".live-responses-table tr.response .response-col_status").first();
  await status.waitFor({ timeout: 20_000 });
  return (await status.textContent())?.trim() ?? "";
}

describe.skipIf(!launch)("API reference in a browser (chromium)", () => {
  let dev: RunningDevPlatform;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDevPlatform(), (launch as () => Promise<Browser>)()]);
    page = await browser.newPage();
    const origin = new URL(dev.baseUrl).origin;
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== origin) foreign.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  it("loads /docs from the gateway alone and authorizes with client credentials", async () => {
    await page.goto(`${dev.baseUrl}/docs`);
    await page.locator(".auth-wrapper button.authorize").first().click();
    const modal = page.locator(".modal-ux");
    await modal.locator("#client_id_clientCredentials").fill(dev.clientId);
    await modal.locator("#client_secret_clientCredentials").fill(dev.clientSecret);
    await modal.locator(".auth-btn-wrapper button.authorize").first().click();
    // The flow's tokenUrl resolved against this origin and the token endpoint answered.
    await modal.locator(".auth-btn-wrapper button", { hasText: "Logout" }).first().waitFor();
    await modal.locator("button.btn-done").first().click();
    expect(foreign).toEqual([]);
  });

  it("runs a read and writes with Try it out and shows their status codes", async () => {
    const list = await openOperation(page, "People", "listPeople");
    expect(await execute(list)).toBe("200");

    // Request fields filled explicitly: the test checks the page and the token, not the examples.
    const create = await openOperation(page, "People", "createPerson");
    await create.locator(".body-param textarea").first().fill('{"display_name":"Docs Browser"}');
    expect(await execute(create)).toBe("201");

    const put = await openOperation(page, "KV", "putKv");
    await put.locator('.parameters input[placeholder="key"]').first().fill("docs-browser");
    await put.locator(".body-param textarea").first().fill('{"value":{"from":"the docs page"}}');
    expect(await execute(put)).toBe("200");

    const kv = await openOperation(page, "KV", "listKv");
    await kv.locator('.parameters input[placeholder="prefix"]').first().fill("docs-");
    expect(await execute(kv)).toBe("200");
    const shown = kv.locator(".live-responses-table tr.response .response-col_description").first();
    expect(await shown.textContent()).toContain('"key": "docs-browser"');
  });

  it("fetched nothing from another origin and logged no errors", () => {
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
