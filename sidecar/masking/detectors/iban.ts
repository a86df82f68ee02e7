import type { Detector, Hit } from "./detector.js";

/** IBAN length per country (SWIFT IBAN registry). An unknown country code is not an IBAN. */
const LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 " +
    "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 " +
    "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 " +
    "MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 QA29 RO24 RS22 RU33 SA24 SC31 " +
    "SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
  )
    .split(" ")
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

const START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[A-Z0-9 ])/g;
const ALNUM = /[A-Z0-9]/;

/**
 * Where an IBAN of `length` characters that starts at `start` ends, or -1. It is written either
 * compact or in groups of four separated by single spaces, and must not run into a longer word.
 */
function ibanEnd(text: string, start: number, length: number): number {
  let i = start;
  let n = 0;
  while (n < length && i < text.length) {
    const c = text[i] ?? "";
    if (ALNUM.test(c)) n++;
    else if (!(c === " " && n % 4 === 0 && ALNUM.test(text[i + 1] ?? ""))) break;
    i++;
  }
  return n === length && !/[A-Za-z0-9]/.test(text[i] ?? "") ? i : -1;
}

/**
 * The ISO 13616 mod-97 check: move the first four characters to the end, letters become 10–35,
 * and the number modulo 97 must be 1. Computed piecewise so no big integers are needed.
 *
 * @example
 *   ibanChecksumValid("GB82WEST12345698765432"); // true
 */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of rearranged) {
    const v = Number.parseInt(c, 36);
    rest = (v > 9 ? rest * 100 + v : rest * 10 + v) % 97;
  }
  return rest === 1;
}

/**
 * IBANs (`DE89 3704 0044 0532 0130 00`, `GB82WEST12345698765432`) with a known country length
 * and a valid mod-97 checksum, so look-alike codes and typos are left alone.
 */
export const ibanDetector: Detector = {
  find(text) {
    const hits: Hit[] = [];
    for (const m of text.matchAll(START)) {
      const length = LENGTHS.get(m[0].slice(0, 2));
      const end = length ? ibanEnd(text, m.index, length) : -1;
      if (end > 0 && ibanChecksumValid(text.slice(m.index, end).replaceAll(" ", ""))) {
        hits.push({ start: m.index, end, kind: "iban" });
      }
    }
    return hits;
  },
};
