/** How the calling thread's event loop fared while some work ran. */
export interface LoopReport<T> {
  result: T;
  /** Longest time a 10 ms timer tick came late (or the loop was busy until the work ended), ms. */
  maxDelayMs: number;
  /** Share of the wall time the loop was busy (0..1): 1 means it never waited for anything. */
  utilization: number;
  elapsedMs: number;
}

const TICK_MS = 10;

/**
 * Runs `work` while watching this thread's event loop: the worst lateness of a 10 ms timer (what
 * a request arriving meanwhile would wait) and the loop's utilization (whether it ever sat idle
 * while the work ran elsewhere). The span from the last tick to the work's end counts as well,
 * so a loop blocked until the work resolves is not mistaken for a free one.
 *
 * @example
 *   const { maxDelayMs } = await watchLoop(() => sql.query("SELECT pg_sleep(0.5)"));
 */
export async function watchLoop<T>(work: () => Promise<T>): Promise<LoopReport<T>> {
  const started = performance.now();
  const before = performance.eventLoopUtilization();
  let lastTick = started;
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - lastTick);
    lastTick = now;
  }, TICK_MS);
  try {
    const result = await work();
    const ended = performance.now();
    maxGap = Math.max(maxGap, ended - lastTick);
    return {
      result,
      maxDelayMs: Math.max(0, maxGap - TICK_MS),
      utilization: performance.eventLoopUtilization(before).utilization,
      elapsedMs: ended - started,
    };
  } finally {
    clearInterval(timer);
  }
}
