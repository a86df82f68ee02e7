import { type Detector, regexHits } from "./detector.js";

// The lookbehind makes a scan start only where a local part can begin, so a long run of
// letters costs one pass, not one pass per position. Lengths follow RFC 5321 (64 / 63 / 253).
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/g;

// `icon@2x.png`, `logo@3x.webp`: asset names, not addresses. None of these is a real TLD.
const FILE_EXTENSIONS = new Set(
  "png jpg jpeg gif svg webp ico bmp tiff avif heic js mjs cjs jsx tsx css scss json yaml yml html txt lock map".split(
    " ",
  ),
);

/** The domain needs an alphabetic top-level label of two or more letters (no `user@localhost`). */
function hasRealTld(address: string): boolean {
  const tld = address.slice(address.lastIndexOf(".") + 1).toLowerCase();
  return /^[a-z]{2,24}$/.test(tld) && !FILE_EXTENSIONS.has(tld);
}

/**
 * Email addresses (`alice@example.com`, `a.b+tag@mail.example.co.uk`).
 *
 * @example
 *   emailDetector.find("mail alice@example.com"); // [{ start: 5, end: 22, kind: "email" }]
 */
export const emailDetector: Detector = {
  find: (text) => regexHits(EMAIL, text, "email", (m) => hasRealTld(m[0])),
};
