/** Milliseconds per `grpc-timeout` unit (hours, minutes, seconds, milli-, micro-, nanoseconds). */
const UNIT_MS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};

/** The spec allows at most eight digits in a `grpc-timeout` value. */
const MAX_DIGITS = 8;
const MAX_VALUE = 99_999_999;

/**
 * Parses a `grpc-timeout` header (`1*8DIGIT unit`, unit one of H M S m u n) into milliseconds.
 * Malformed values give undefined, so the caller picks the status (a server answers INTERNAL,
 * as grpc-go does). Hand-rolled instead of a regular expression: it runs once per call.
 *
 * @example
 *   parseGrpcTimeout("250m"); // 250
 *   parseGrpcTimeout("1S");   // 1000
 *   parseGrpcTimeout("5s");   // undefined (units are case-sensitive)
 */
export function parseGrpcTimeout(value: string): number | undefined {
  const digits = value.length - 1;
  if (digits < 1 || digits > MAX_DIGITS) return undefined;
  const unit = UNIT_MS[value.charAt(digits)];
  if (unit === undefined) return undefined;
  let amount = 0;
  for (let i = 0; i < digits; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    amount = amount * 10 + digit;
  }
  return amount * unit;
}

/** Units finest first, as multipliers (exact for the sub-millisecond ones, unlike 1 / 0.001). */
const FORMAT_UNITS: readonly (readonly [string, number])[] = [
  ["n", 1_000_000],
  ["u", 1_000],
  ["m", 1],
  ["S", 1 / 1_000],
  ["M", 1 / 60_000],
  ["H", 1 / 3_600_000],
];

/**
 * Formats a timeout in milliseconds as a `grpc-timeout` value: whole milliseconds as `m`, else
 * the finest unit that fits in eight digits, rounded up (a deadline must never come earlier than
 * asked). Timeouts of zero
 * or less become `1n`: the call is already late and the server should say so.
 *
 * @example
 *   formatGrpcTimeout(250);         // "250m"
 *   formatGrpcTimeout(0.5);         // "500000n"
 *   formatGrpcTimeout(200_000_000); // "200000S"
 */
export function formatGrpcTimeout(ms: number): string {
  if (!(ms > 0)) return "1n";
  if (Number.isInteger(ms) && ms <= MAX_VALUE) return `${ms}m`;
  for (const [unit, perMs] of FORMAT_UNITS) {
    const amount = Math.ceil(ms * perMs);
    if (amount <= MAX_VALUE) return `${amount}${unit}`;
  }
  return `${MAX_VALUE}H`;
}

/**
 * setTimeout's ceiling (about 24.8 days): Node turns a longer delay into 1 ms, so a deadline past
 * it (grpc-timeout allows 99,999,999 hours) gets no timer at all.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
