import { ApiError } from "../errors/api-error.js";

const GAP = Symbol.for("cpod.notImplemented");

/** A handler slot the contract declares but this build does not fill yet. */
export type NotImplementedHandler = (() => Promise<never>) & { [GAP]: number };

/**
 * Fills a handler slot with an explicit 501 `not_implemented` naming the issue that will build it.
 * Every use must be listed in `test/known-gaps.json`; the contract test fails otherwise, and fails
 * when a listed gap has been filled, so the list only shrinks.
 */
export function notImplemented(issue: number): NotImplementedHandler {
  const handler = async (): Promise<never> => {
    throw new ApiError("not_implemented", `Not implemented yet (tracked in issue #${issue}).`);
  };
  return Object.assign(handler, { [GAP]: issue });
}

/** The issue number of a not-implemented handler, or undefined for a real one. */
export function gapIssue(handler: unknown): number | undefined {
  return typeof handler === "function"
    ? (handler as Partial<NotImplementedHandler>)[GAP]
    : undefined;
}
