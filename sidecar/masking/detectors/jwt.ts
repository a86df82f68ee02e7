import { type Detector, regexHits } from "./detector.js";

// Three (JWS) or five (JWE) base64url segments; the signature of an unsecured JWT and the key of
// a direct-encryption JWE may be empty. A full stop after a token is not a segment.
const CANDIDATE =
  /(?<![A-Za-z0-9_\-.])[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*){2}(?:(?:\.[A-Za-z0-9_-]+){2})?(?![A-Za-z0-9_-])/g;

/** A JOSE header: base64url of a JSON object with a string `alg`. */
function isJoseHeader(segment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return (
      typeof header === "object" &&
      header !== null &&
      typeof Reflect.get(header, "alg") === "string"
    );
  } catch {
    return false;
  }
}

/**
 * Segments are decoded rather than pattern-matched, so dotted names, hashes and base64 blobs
 * that are not tokens (no JSON header with `alg`) stay visible.
 */
function isJwt(candidate: string): boolean {
  const [header = "", payload = "", ...rest] = candidate.split(".");
  return (payload.length > 0 || rest.length > 1) && isJoseHeader(header);
}

/**
 * JSON Web Tokens (JWS `header.payload.signature`, and five-part JWE).
 *
 * @example
 *   jwtDetector.find("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"); // one "jwt" hit
 */
export const jwtDetector: Detector = {
  find: (text) => regexHits(CANDIDATE, text, "jwt", (m) => isJwt(m[0])),
};
