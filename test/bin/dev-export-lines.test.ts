// The export block `cpod dev` prints is pasted into shells: whatever the values, bash must end up
// with exactly them, and nothing in a value may run.
import { describe, expect, it } from "vitest";
import { devExportLines } from "../../bin/dev/export-lines.js";
import { evalInBash } from "../helpers/dev-exports.js";

const CREDENTIALS = {
  base_url: "http://127.0.0.1:8000",
  tenant_id: "ten_01TEST",
  client_id: "app_01TEST",
  client_secret: "cs_a-b_c",
  // a CPOD_ADMIN_TOKEN a user set may hold anything a shell would otherwise interpret
  admin_token: `it's $(touch /tmp/pwned) \`x\` "y" \\z`,
  control_plane_url: "http://127.0.0.1:8080",
  scopes: [],
};

describe("cpod dev export lines", () => {
  it("give bash the variables the SDK READMEs read, verbatim", async () => {
    const vars = await evalInBash(devExportLines(CREDENTIALS));
    expect(vars).toEqual({
      CPOD_BASE_URL: CREDENTIALS.base_url,
      CPOD_CLIENT_ID: CREDENTIALS.client_id,
      CPOD_CLIENT_SECRET: CREDENTIALS.client_secret,
      CPOD_TENANT_ID: CREDENTIALS.tenant_id,
      CPOD_ADMIN_TOKEN: CREDENTIALS.admin_token,
      CPOD_CONTROL_PLANE_URL: "http://127.0.0.1:8080",
    });
  });
});
