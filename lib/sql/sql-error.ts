/** SQLSTATE of a unique or primary-key violation: stores read it as "someone got there first". */
export const UNIQUE_VIOLATION = "23505";

/**
 * True when `error` is a unique or primary-key violation: `pg` errors carry the SQLSTATE as
 * `code`, so stores can tell a lost race from a bug or an outage (a StoreUnavailableError, whose
 * driver error is only its `cause`, is never one).
 *
 * @example
 *   if (isUniqueViolation(error)) return retryOnFreshHead();
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}
