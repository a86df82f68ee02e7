/** What one side of a comparison measured in one run: named quantities, e.g. `{ rps, p99 }`. */
export type Measurement = Record<string, number>;

/** Both sides' runs, index i of `a` and `b` being the i-th interleaved pair. */
export interface PairedRuns {
  a: Measurement[];
  b: Measurement[];
}

/**
 * Runs A and B alternately (A B A B …) `pairs` times, so drift on a shared machine (other
 * processes, thermal state, GC of a long-lived server) lands on both sides alike. `between`
 * runs after every single run (e.g. to let a server drain its audit backlog).
 */
export async function interleave(
  pairs: number,
  runA: (pair: number) => Promise<Measurement>,
  runB: (pair: number) => Promise<Measurement>,
  between: () => Promise<void> = async () => {},
): Promise<PairedRuns> {
  const runs: PairedRuns = { a: [], b: [] };
  for (let i = 0; i < pairs; i++) {
    runs.a.push(await runA(i));
    await between();
    runs.b.push(await runB(i));
    await between();
  }
  return runs;
}

/**
 * Like `interleave` for more than two sides: round i runs every side once, in the given order
 * (A B C, A B C, …), so a ratio between any two sides can be taken per round. Answers each
 * side's runs, index i being round i.
 */
export async function rounds(
  count: number,
  sides: ((round: number) => Promise<Measurement>)[],
  between: () => Promise<void> = async () => {},
): Promise<Measurement[][]> {
  const runs: Measurement[][] = sides.map(() => []);
  for (let i = 0; i < count; i++) {
    for (const [side, run] of sides.entries()) {
      runs[side]?.push(await run(i));
      await between();
    }
  }
  return runs;
}

/** One named quantity across runs. */
export const pick = (runs: Measurement[], name: string): number[] =>
  runs.map((run) => run[name] ?? Number.NaN);
