// What `cpod config` prints in place of secrets (DESIGN.md §9: secrets never appear in output):
// a URL keeps its shape with the password and credential parameters replaced, a value that may
// hold a credential but cannot be parsed is hidden whole, and only list settings split on commas.
import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "../../../lib/config/redact.js";
import { SETTINGS, type Setting } from "../../../lib/config/settings.js";

const setting = (key: string): Setting => {
  const found = SETTINGS.find((s) => s.key === key);
  if (!found) throw new Error(`no setting ${key}`);
  return found;
};
const postgres = setting("postgresUrl");

describe("redact", () => {
  it.each([
    ["postgres://cpod:pa,ss@db:5432/cpod", "postgres://cpod:<redacted>@db:5432/cpod"],
    ["postgres://cpod:p@ss@db/cpod", "postgres://cpod:<redacted>@db/cpod"],
    ["redis://:hunter2@cache:6379", "redis://:<redacted>@cache:6379"],
    ["postgres://cpod@db/cpod?password=hunter2", "postgres://cpod@db/cpod?password=<redacted>"],
    [
      "postgres://cpod@db/cpod?sslmode=require&SSLPassword=hunter2",
      "postgres://cpod@db/cpod?sslmode=require&SSLPassword=<redacted>",
    ],
    [
      "http://ch:8123/?user=default&password=hunter2",
      "http://ch:8123/?user=default&password=<redacted>",
    ],
    ["https://cp/jwks?token=hunter2", "https://cp/jwks?token=<redacted>"],
    [
      "https://cp/x?secret=a&key=b&access_token=c&authKey=d&page=2",
      "https://cp/x?secret=<redacted>&key=<redacted>&access_token=<redacted>&authKey=<redacted>&page=2",
    ],
    ["https://cp/cb#access_token=hunter2", "https://cp/cb#access_token=<redacted>"],
    ["redis://cache:6379/0", "redis://cache:6379/0"],
  ])("prints %s as %s", (value, want) => {
    expect(redact(postgres, value)).toBe(want);
  });

  it.each([
    "postgres://cpod:pa/ss@db/cpod",
    "cpod:hunter2@db",
    "db/cpod password=hunter2",
    "host token=hunter2",
  ])("hides %s whole: it may hold a credential and does not parse", (value) => {
    expect(redact(postgres, value)).toBe(REDACTED);
  });

  it("splits only list settings on commas", () => {
    expect(redact(setting("trustedProxies"), "loopback,10.0.0.0/8")).toBe("loopback,10.0.0.0/8");
    expect(redact(setting("trustedProxies"), "loopback,a:b@c")).toBe(`loopback,${REDACTED}`);
    expect(redact(postgres, "postgres://u:a,b@db/x,y")).toBe("postgres://u:<redacted>@db/x,y");
  });

  it("hides secret settings whole", () => {
    expect(redact(setting("adminToken"), "https://not-a-url-but-a-token")).toBe(REDACTED);
  });
});
