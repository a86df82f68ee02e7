/**
 * The token deny-list (RevokeToken, IsRevoked, and the last check of ValidateToken). A port, so
 * several sidecars share one list in Redis while `cpod dev` keeps it in process.
 *
 * Entries expire with the token they deny: after `exp` the token is refused as expired anyway, so
 * keeping its `jti` longer would only let the list grow without bound.
 *
 * @example
 *   await revocations.revoke(claims.jti, Number(claims.exp));
 *   if (await revocations.isRevoked(claims.jti)) reject();
 */
export interface RevocationList {
  /**
   * Denies `jti` until `expEpochSecs` (the token's `exp`, seconds since the Unix epoch).
   * Idempotent; an `exp` already in the past stores nothing.
   */
  revoke(jti: string, expEpochSecs: number): Promise<void>;
  /** True while `jti` is denied and its token has not expired. */
  isRevoked(jti: string): Promise<boolean>;
}
