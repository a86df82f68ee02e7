/**
 * Reads `iat`/`exp` from a JWT's payload without verifying it. The SDK never trusts these for
 * security (the server verifies every token); it only uses them to know when to refresh a
 * token it was handed (`CpodClient.fromToken`).
 */
export function jwtLifetime(token: string): { iat?: number; exp?: number } {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
    if (typeof claims !== "object" || claims === null) return {};
    const { iat, exp } = claims as { iat?: unknown; exp?: unknown };
    return {
      ...(typeof iat === "number" ? { iat } : {}),
      ...(typeof exp === "number" ? { exp } : {}),
    };
  } catch {
    return {};
  }
}
