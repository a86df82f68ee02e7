import { type Detector, regexHits } from "./detector.js";

// AAA-GG-SSSS with one consistent separator (dash or space).
const FORMATTED = /(?<![\w\-.])(\d{3})([- ])(\d{2})\2(\d{4})(?!\w|[-.]\d)/g;
// Nine bare digits are any id; only after an explicit "SSN" / "social security number" label.
const LABELLED = /\b(?:ssn|social security (?:number|no\.?))\W{0,3}(\d{9})(?!\d)/dgi;

/**
 * Issuable SSNs only: area not 000, 666 or 900–999; group not 00; serial not 0000
 * (SSA rules), which drops a good share of look-alike numbers.
 *
 * @example
 *   issuable("123", "45", "6789"); // true
 */
export function issuable(area: string, group: string, serial: string): boolean {
  return (
    area !== "000" && area !== "666" && !area.startsWith("9") && group !== "00" && serial !== "0000"
  );
}

const bareIssuable = (d: string) => issuable(d.slice(0, 3), d.slice(3, 5), d.slice(5));

/**
 * US Social Security numbers: `123-45-6789`, `123 45 6789`, or `SSN: 123456789`.
 */
export const usSsnDetector: Detector = {
  find: (text) => [
    ...regexHits(FORMATTED, text, "us_ssn", (m) => issuable(m[1] ?? "", m[3] ?? "", m[4] ?? "")),
    ...regexHits(LABELLED, text, "us_ssn", (m) => bareIssuable(m[1] ?? ""), 1),
  ],
};
