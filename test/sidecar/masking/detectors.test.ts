// Detector internals (checksums, issuable ranges) and the linear-time promise: every detector
// must get through 1 MiB of adversarial text quickly, since the proto allows inputs that large.
import { describe, expect, it } from "vitest";
import { luhnValid } from "../../../sidecar/masking/detectors/card-number.js";
import { ibanChecksumValid } from "../../../sidecar/masking/detectors/iban.js";
import { issuable } from "../../../sidecar/masking/detectors/us-ssn.js";
import { isSecretFieldName } from "../../../sidecar/masking/field-names.js";
import { Masker } from "../../../sidecar/masking/masker.js";
import { mergeHits } from "../../../sidecar/masking/text-masker.js";

describe("checksums and ranges", () => {
  it.each([
    ["4111111111111111", true],
    ["378282246310005", true],
    ["4111111111111112", false],
    ["79927398713", true],
  ])("luhn %s → %s", (digits, want) => expect(luhnValid(digits)).toBe(want));

  it.each([
    ["GB82WEST12345698765432", true],
    ["DE89370400440532013000", true],
    ["DE89370400440532013001", false],
    ["GB82WEST12345698765433", false],
  ])("iban %s → %s", (iban, want) => expect(ibanChecksumValid(iban)).toBe(want));

  it.each([
    [["123", "45", "6789"], true],
    [["000", "45", "6789"], false],
    [["666", "45", "6789"], false],
    [["912", "45", "6789"], false],
    [["123", "00", "6789"], false],
    [["123", "45", "0000"], false],
  ] as const)("ssn %j issuable → %s", ([a, g, s], want) => expect(issuable(a, g, s)).toBe(want));

  it.each([
    ["password", true],
    ["new_password_confirmation", true],
    ["refreshToken", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["pwd", true],
    ["token_type", false],
    ["max_tokens", false],
    ["secretary", false],
  ])("secret field name %s → %s", (name, want) => expect(isSecretFieldName(name)).toBe(want));
});

describe("mergeHits", () => {
  it("unions overlaps and keeps the highest-priority kind", () => {
    const merged = mergeHits([
      { start: 5, end: 20, kind: "jwt" },
      { start: 0, end: 20, kind: "bearer_token" },
      { start: 25, end: 30, kind: "email" },
      { start: 28, end: 35, kind: "custom_pattern", patternIndex: 0 },
    ]);
    expect(merged).toEqual([
      { start: 0, end: 20, kind: "bearer_token" },
      { start: 25, end: 35, kind: "email" },
    ]);
  });
});

describe("linear time on 1 MiB of adversarial text", () => {
  const masker = new Masker();
  const fill = (unit: string) => unit.repeat(Math.ceil((1 << 20) / unit.length)).slice(0, 1 << 20);
  const units = [
    "a",
    "1",
    "1 ",
    "1-",
    "a@",
    "a@b.",
    "+1 ",
    "00 ",
    "password=",
    '"password":"',
    "Bearer ",
    "-----BEGIN PRIVATE KEY-----",
    "eyJ.",
    "DE89 ",
    "x://a:",
    "SSN ",
    "4111 ",
    "sk_live_",
    "a:",
    "cpod_",
    "aB3",
    "aB3/",
    "aB3 ",
    "key=aB3",
    "-----BEGIN CERTIFICATE-----",
    "-----BEGIN CERTIFICATE-----\nnxgtKCeXDlVqVgSfbtztPMHjG7NdEzwsrTSf7nRGyBC\n-----END CERTIFICATE-----\n",
  ];
  it.each(units)("%j", (unit) => {
    const started = performance.now();
    masker.maskString(fill(unit), { patterns: ["EMP-\\d+", "(?i)[a-z]+@x"] });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
