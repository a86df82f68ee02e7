/**
 * Facts about an admin request that services record: the request id (joins audit records with
 * logs) and the `Idempotency-Key`, if one was sent.
 */
export interface AdminRequest {
  requestId: string;
  idempotencyKey?: string;
}
