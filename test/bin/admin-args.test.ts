// The admin commands' argument parsing on its own: whole-number flags within the contract's
// bounds, read from the generated schema so the CLI and the control plane agree.
import { describe, expect, it } from "vitest";
import { integerFlag, pathSegment } from "../../bin/admin/args.js";
import { UsageError } from "../../bin/admin/errors.js";
import { controlPlaneSchemaDocument } from "../../gen/routes/controlPlane.js";

const LIMITS = controlPlaneSchemaDocument.components.schemas.TenantLimits.properties;
const requests = (text: string) =>
  integerFlag({ "requests-per-window": text }, "requests-per-window", LIMITS.requests_per_window);

describe("integerFlag", () => {
  it.each([
    ["1", 1],
    ["1000000000", 1_000_000_000], // the contract's maximum, ten digits
    ["007", 7],
  ])("accepts %j as %d", (text, want) => {
    expect(requests(text)).toBe(want);
  });

  it.each(["0", "1000000001", "9007199254740993", "1e3", "-5", "+5", "1.0", " 5", "x"])(
    "refuses %j with the real range in the message",
    (text) => {
      expect(() => requests(text)).toThrow(UsageError);
      expect(() => requests(text)).toThrow(
        `--requests-per-window must be a whole number from 1 to 1000000000, not "${text}"`,
      );
    },
  );

  it("is undefined when the flag is absent", () => {
    expect(integerFlag({}, "window-seconds", LIMITS.window_seconds)).toBeUndefined();
  });
});

describe("pathSegment", () => {
  it.each([".", ".."])("refuses the dot segment %j, which URL parsing would resolve", (id) => {
    expect(() => pathSegment(id, "TENANT_ID")).toThrow(UsageError);
    expect(() => pathSegment(id, "TENANT_ID")).toThrow(`TENANT_ID cannot be "${id}"`);
  });

  it.each([
    ["ten_1", "ten_1"],
    ["...", "..."],
    [".a", ".a"],
    ["a/..", "a%2F.."],
  ])("encodes %j as one segment", (id, want) => {
    expect(pathSegment(id, "TENANT_ID")).toBe(want);
    expect(new URL(`/v1/tenants/${want}`, "http://cp.test").pathname).toBe(`/v1/tenants/${want}`);
  });
});
