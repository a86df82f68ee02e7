/** The spread of a few runs: what the table reports for every measured quantity. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** Sorted copy; never mutates the caller's samples. */
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** The q-quantile (0..1) by nearest rank; NaN for no samples. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[rank] as number;
}

/** Median (mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  const median =
    s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { min: s[0] as number, median, max: s.at(-1) as number };
}

/** Element-wise `b[i] / a[i]`: one ratio per interleaved pair. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => (b[i] as number) / x);
}

/** Element-wise `b[i] - a[i]`: one difference per interleaved pair. */
export function differences(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => (b[i] as number) - x);
}

/**
 * Latency samples in microseconds, kept raw (a few hundred thousand at most per run) so
 * percentiles are exact rather than bucketed — the added-latency target is sub-millisecond.
 */
export class Samples {
  readonly #values: number[] = [];

  add(us: number): void {
    this.#values.push(us);
  }

  get count(): number {
    return this.#values.length;
  }

  /** The q-quantile in microseconds. */
  at(q: number): number {
    return quantile(this.#values, q);
  }
}
