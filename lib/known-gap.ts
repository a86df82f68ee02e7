// How every program marks a contract operation it does not build yet — a 501 REST handler in the
// gateway or control plane, an Unimplemented RPC in the sidecar — so one contract test
// (test/contract/known-gaps.test.ts) finds them all and holds them to test/known-gaps.json.

const GAP = Symbol.for("cpod.notImplemented");

/** A function standing in for an operation that is not built yet, tagged with its issue. */
export type GapMarked<F> = F & { readonly [GAP]: number };

/**
 * Tags `stub` as the placeholder of an operation that issue `issue` will build.
 *
 * @example
 *   const handler = markGap(async () => { throw notImplementedError; }, 42);
 *   gapIssue(handler); // 42
 */
export function markGap<F extends (...args: never[]) => unknown>(
  stub: F,
  issue: number,
): GapMarked<F> {
  return Object.assign(stub, { [GAP]: issue });
}

/**
 * The issue number of a placeholder made by `markGap`, or undefined for a real implementation.
 *
 * @example
 *   gapIssue(handlers.createWidget); // undefined once it is built
 */
export function gapIssue(value: unknown): number | undefined {
  return typeof value === "function" ? (value as Partial<GapMarked<unknown>>)[GAP] : undefined;
}
