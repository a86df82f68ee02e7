import { type Detector, regexHits } from "./detector.js";

// Shared edges: a phone number is not glued to a word, and is not the start of a longer
// dotted/dashed number (a date, a version, an IP address, an order id).
const BEFORE = String.raw`(?<![\w.+\-/:])`;
const AFTER = String.raw`(?!\w|[.\-/:]\d)`;

/** `+` and a country code: `+14155552671`, `+44 (0)20 7946 0958`, `+1 (415) 555-2671`. */
const INTERNATIONAL = new RegExp(
  String.raw`(?<![\w+])\+[1-9]\d{0,14}(?:[ .\-]?\(\d{1,4}\)\d{0,10}|[ .\-]\d{1,10}){0,6}${AFTER}`,
  "g",
);

/** North American: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `1-800-555-0199`. */
const NANP = new RegExp(
  String.raw`${BEFORE}(?:1[ .\-])?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}${AFTER}`,
  "g",
);

/**
 * National formats with a trunk `0` and separators: `020 7946 0958`, `030/12345678`,
 * `06 12 34 56 78`, `0044 20 7946 0958`. Separators are required: a bare run of digits is more
 * often an id than a phone number.
 */
const TRUNK = new RegExp(
  String.raw`${BEFORE}(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .\-/]\d{2,8}){1,5}${AFTER}`,
  "g",
);

const digitCount = (s: string) => s.replace(/\D/g, "").length;

/** E.164 allows at most 15 digits; fewer than 8 is a short code or an extension. */
const plausibleInternational = (s: string) => {
  const n = digitCount(s);
  return n >= 8 && n <= 15;
};

/**
 * 10–13 digits with the trunk 0; 9 is an SSN shape. With a `00` international prefix up to 15,
 * and the number after the country code does not start with 0 again (that is an account number).
 */
const plausibleTrunk = (s: string) => {
  const n = digitCount(s);
  if (!s.startsWith("00")) return n >= 10 && n <= 13;
  return n >= 10 && n <= 15 && /^00[1-9]\d{0,2}[ .\-/][1-9]/.test(s);
};

/**
 * Phone numbers in E.164 and in common national formats with separators. Dates, times, versions,
 * IPv4 addresses and plain long ids are left alone by the edges and the digit counts above.
 *
 * @example
 *   phoneDetector.find("call +44 20 7946 0958"); // one "phone" hit
 */
export const phoneDetector: Detector = {
  find: (text) => [
    ...regexHits(INTERNATIONAL, text, "phone", (m) => plausibleInternational(m[0])),
    ...regexHits(NANP, text, "phone"),
    ...regexHits(TRUNK, text, "phone", (m) => plausibleTrunk(m[0])),
  ],
};
