/**
 * An HTTP-date (RFC 9110 §5.6.7) in epoch ms, or undefined when `value` is none of its three
 * forms. `Date.parse` alone is no parser for it: it takes "-1" or "+5" for years, ISO 8601,
 * and reads the asctime form in the local time zone, where HTTP-dates are always GMT.
 */
export function parseHttpDate(value: string): number | undefined {
  const imf = IMF_FIXDATE.exec(value);
  if (imf) return utc(imf[3], imf[2], imf[1], imf[4], imf[5], imf[6]);
  const rfc850 = RFC850_DATE.exec(value);
  if (rfc850)
    return utc(fullYear(rfc850[3]), rfc850[2], rfc850[1], rfc850[4], rfc850[5], rfc850[6]);
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime) return utc(asctime[6], asctime[1], asctime[2], asctime[3], asctime[4], asctime[5]);
  return undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(
  String.raw`^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) ${TIME} GMT$`,
);
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete, still to be accepted) */
const RFC850_DATE = new RegExp(
  String.raw`^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) ${TIME} GMT$`,
);
/** `Sun Nov  6 08:49:37 1994` (obsolete, still to be accepted) */
const ASCTIME_DATE = new RegExp(
  String.raw`^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) ${TIME} (\d{4})$`,
);

/** A two-digit RFC 850 year, split as Go's and Python's parsers split it (69–99 → 19xx). */
function fullYear(twoDigits: string | undefined): string {
  const year = Number(twoDigits);
  return String(year >= 69 ? 1900 + year : 2000 + year);
}

function utc(...parts: (string | undefined)[]): number | undefined {
  const [year, month, day, hours, minutes, seconds] = parts;
  const index = MONTHS.indexOf(month ?? "");
  if (index < 0) return undefined;
  const n = (s: string | undefined) => Number(s?.trim());
  return Date.UTC(n(year), index, n(day), n(hours), n(minutes), n(seconds));
}
