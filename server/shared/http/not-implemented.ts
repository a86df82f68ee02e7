import { type GapMarked, markGap } from "../../../lib/known-gap.js";
import { ApiError } from "../errors/api-error.js";

export { gapIssue } from "../../../lib/known-gap.js";

/** A handler slot the contract declares but this build does not fill yet. */
export type NotImplementedHandler = GapMarked<() => Promise<never>>;

/**
 * Fills a handler slot with an explicit 501 `not_implemented` naming the issue that will build it.
 * Every use must be listed in `test/known-gaps.json`; the contract test fails otherwise, and fails
 * when a listed gap has been filled, so the list only shrinks.
 */
export function notImplemented(issue: number): NotImplementedHandler {
  const handler = async (): Promise<never> => {
    throw new ApiError("not_implemented", `Not implemented yet (tracked in issue #${issue}).`);
  };
  return markGap(handler, issue);
}
