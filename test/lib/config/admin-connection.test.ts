// The admin commands (`cpod tenants|apps|keys|token|audit`) find their control plane through the
// config file too (bin/admin/README.md): --url, then the environment, then the file, then the
// dev credentials file `cpod dev` keeps in the data dir — which the file's dataDir may move.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDevFile, resolveConnection } from "../../../bin/admin/connection.js";
import { UsageError } from "../../../bin/admin/errors.js";

const TOKEN = "file-admin-token-0123456789abcdef0123";
const DEV_TOKEN = "dev-admin-token-0123456789abcdef01234";

/** A folder with a config file holding `document` and a dev credentials file under `data/`. */
function setup(document: (dir: string) => unknown) {
  const dir = mkdtempSync(join(tmpdir(), "cpod-admin-config-"));
  const dataDir = join(dir, "data");
  mkdirSync(dataDir);
  writeFileSync(
    join(dataDir, "dev-credentials.json"),
    JSON.stringify({ control_plane_url: "http://127.0.0.1:18080", admin_token: DEV_TOKEN }),
  );
  const path = join(dir, "cpod.config.json");
  writeFileSync(path, JSON.stringify(document(dir)));
  return { dir, dataDir, path };
}

describe("the admin commands' connection", () => {
  it("reads the dev credentials file under the config file's dataDir", () => {
    const { dataDir, path } = setup((dir) => ({ dataDir: join(dir, "data") }));
    const connection = resolveConnection({}, { CPOD_CONFIG: path });
    expect(connection).toMatchObject({ url: "http://127.0.0.1:18080", adminToken: DEV_TOKEN });
    expect(connection.dev?.path).toBe(join(dataDir, "dev-credentials.json"));
    expect(readDevFile({ config: path }, {})?.admin_token).toBe(DEV_TOKEN);
  });

  it("takes the file's adminToken and gateway.controlPlaneUrl over the dev file", () => {
    const { path } = setup((dir) => ({
      dataDir: join(dir, "data"),
      adminToken: TOKEN,
      gateway: { controlPlaneUrl: "http://cp.internal:8080" },
    }));
    expect(resolveConnection({ config: path }, {})).toMatchObject({
      url: "http://cp.internal:8080",
      adminToken: TOKEN,
    });
  });

  it("lets the environment win over the file, and --url over both", () => {
    const { path } = setup(() => ({
      adminToken: TOKEN,
      gateway: { controlPlaneUrl: "http://cp.internal:8080" },
    }));
    const env = { CPOD_CONTROL_PLANE_URL: "http://env:8080", CPOD_ADMIN_TOKEN: "env-token" };
    expect(resolveConnection({ config: path }, env)).toMatchObject({
      url: "http://env:8080",
      adminToken: "env-token",
    });
    expect(resolveConnection({ config: path, url: "http://flag:8080" }, env).url).toBe(
      "http://flag:8080",
    );
  });

  it("names the config file's keys when nothing gives a control plane", () => {
    const { dir, path } = setup(() => ({}));
    expect(() => resolveConnection({ config: path }, { CPOD_DATA_DIR: join(dir, "none") })).toThrow(
      "no control plane: set CPOD_CONTROL_PLANE_URL (or --url, or gateway.controlPlaneUrl in the config file), or run `cpod dev`",
    );
  });

  it("refuses a bad config file with one line naming the key", () => {
    const { path } = setup(() => ({ gateway: { controlPlaneUrl: 8080 } }));
    expect(() => resolveConnection({ config: path }, {})).toThrow(UsageError);
    expect(() => resolveConnection({ config: path }, {})).toThrow(
      `config ${path}: gateway.controlPlaneUrl: must be a URL`,
    );
  });
});
