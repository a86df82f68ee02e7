// The control plane's database (DESIGN.md §3): CPOD_POSTGRES_URL, else the embedded PostgreSQL
// under the data dir; with neither there is nowhere to keep tenants, and building says so.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildControlPlane } from "../../server/control-plane/app.js";
import { ConfigError } from "../../server/control-plane/config-error.js";
import { ADMIN_TOKEN } from "./helpers.js";

describe("the control plane's database", () => {
  it("without CPOD_POSTGRES_URL or a data dir: a config error, not a throwaway database", async () => {
    const built = buildControlPlane({ sidecar: null, config: { adminToken: ADMIN_TOKEN } });
    await expect(built).rejects.toBeInstanceOf(ConfigError);
    await expect(built).rejects.toThrow(/CPOD_POSTGRES_URL or CPOD_DATA_DIR/);
  });

  it("with a data dir: the embedded PostgreSQL there, named in the startup log", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "cpod-cp-db-"));
    let log = "";
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk;
        done();
      },
    });
    const cp = await buildControlPlane({
      sidecar: null,
      logger: { level: "info", stream },
      config: { dataDir, adminToken: ADMIN_TOKEN },
    });
    await cp.close();
    expect(log).toContain(
      `storage embedded postgres (${join(dataDir, "postgres")}), schema control_plane`,
    );
  }, 120_000);
});
