/** What a control-plane handler knows about the request it serves. */
export interface ControlPlaneContext {
  requestId: string;
  /** The caller's address (trusted proxies resolved), for per-address failure limits. */
  clientAddress: string;
  /** The raw `Authorization` header: `client_secret_basic` credentials on OAuth routes. */
  authorization: string | undefined;
}
