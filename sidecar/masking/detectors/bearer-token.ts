import { type Detector, regexHits } from "./detector.js";

// RFC 6750 b64token after the (case-insensitive) scheme; only the token is masked, so the
// masked line still says a bearer credential was there.
const BEARER = /(?<![A-Za-z0-9])bearer[ \t]+([A-Za-z0-9._~+/-]+=*)/dgi;

/**
 * Tells a credential from prose ("Bearer authentication", "a Bearer token"): real tokens are
 * long and rarely pure letters.
 */
function looksLikeToken(token: string): boolean {
  if (token.length < 8) return false;
  return token.length >= 24 || /[^A-Za-z]/.test(token);
}

/**
 * Bearer credentials: `Authorization: Bearer <token>` in headers, logs and curl commands.
 *
 * @example
 *   bearerTokenDetector.find("Bearer abc123def456"); // hit covers "abc123def456"
 */
export const bearerTokenDetector: Detector = {
  find: (text) => regexHits(BEARER, text, "bearer_token", (m) => looksLikeToken(m[1] ?? ""), 1),
};
