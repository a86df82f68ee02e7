import { type Detector, regexHits } from "./detector.js";

// Grouped: a first group of 4, then groups of 3–6 with one consistent separator
// (`4111 1111 1111 1111`, `3782 822463 10005`). Contiguous: 13–19 digits.
const GROUPED = /(?<![\w.+-])\d{4}([ -])\d{3,6}(?:\1\d{3,6}){1,3}(?!\w|[.,\-/]\d)/g;
const CONTIGUOUS = /(?<![\w.+-])\d{13,19}(?!\w|[.,]\d)/g;

/**
 * The Luhn (mod 10) check every payment card number carries.
 *
 * @example
 *   luhnValid("4111111111111111"); // true
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * 13–19 digits, Luhn-valid, and starting 2–6: the ISO/IEC 7812 industries that issue payment
 * cards (Mastercard 2/5, Amex/JCB/Diners 3, Visa 4, Discover/UnionPay/Maestro 6). The prefix rule
 * drops millisecond timestamps and most numeric ids, which start with 1 or 9.
 */
function isCardNumber(text: string): boolean {
  const digits = text.replace(/\D/g, "");
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);
}

/**
 * Payment card numbers, with or without spaces/dashes, Luhn-valid only.
 *
 * @example
 *   cardNumberDetector.find("card 4111 1111 1111 1111"); // one "card_number" hit
 */
export const cardNumberDetector: Detector = {
  find: (text) => [
    ...regexHits(GROUPED, text, "card_number", (m) => isCardNumber(m[0])),
    ...regexHits(CONTIGUOUS, text, "card_number", (m) => isCardNumber(m[0])),
  ],
};
