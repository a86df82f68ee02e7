import { errors } from "jose";
import { TokenRejectReason } from "../../gen/proto/coresdk/v1/auth_pb.js";

/**
 * A token verdict reached outside jose (our own pre-checks and the key-strength guard). Thrown
 * inside the verification pipeline and caught by the validator, never seen by callers.
 */
export class TokenRejected extends Error {
  override readonly name = "TokenRejected";
  constructor(readonly reason: TokenRejectReason) {
    super(TokenRejectReason[reason]);
  }
}

/** jose error codes (stable strings, `err.code`) that say something about the token itself. */
const BY_JOSE_CODE: Readonly<Record<string, TokenRejectReason>> = {
  [errors.JOSEAlgNotAllowed.code]: TokenRejectReason.ALG_NOT_ALLOWED,
  [errors.JWKSNoMatchingKey.code]: TokenRejectReason.UNKNOWN_KID,
  // Two trusted keys share the kid: the signing key cannot be chosen, same as not finding one.
  [errors.JWKSMultipleMatchingKeys.code]: TokenRejectReason.UNKNOWN_KID,
  [errors.JWSSignatureVerificationFailed.code]: TokenRejectReason.BAD_SIGNATURE,
  [errors.JWTExpired.code]: TokenRejectReason.EXPIRED,
  [errors.JWSInvalid.code]: TokenRejectReason.MALFORMED,
  [errors.JWTInvalid.code]: TokenRejectReason.MALFORMED,
  // e.g. an unrecognised `crit` header parameter.
  [errors.JOSENotSupported.code]: TokenRejectReason.MALFORMED,
};

/** Which claim a JWTClaimValidationFailed names decides the reason; see {@link rejectReason}. */
function claimReason(error: errors.JWTClaimValidationFailed): TokenRejectReason {
  if (error.claim === "iss") return TokenRejectReason.BAD_ISSUER;
  if (error.claim === "aud") return TokenRejectReason.BAD_AUDIENCE;
  const timing = error.claim === "nbf" || error.claim === "iat";
  if (timing && error.reason === "check_failed") return TokenRejectReason.NOT_YET_VALID;
  return TokenRejectReason.MISSING_CLAIM; // absent or mistyped (e.g. a string `exp`)
}

/**
 * Maps a failure of `jwtVerify` to the reason code it means, by jose's stable `code` strings
 * rather than messages. `undefined` means the failure is not the token's fault (JWKS endpoint
 * down, Redis down, a bug): the caller must fail the check itself, not reject the token.
 */
export function rejectReason(error: unknown): TokenRejectReason | undefined {
  if (error instanceof TokenRejected) return error.reason;
  if (error instanceof errors.JWTClaimValidationFailed) return claimReason(error);
  if (error instanceof errors.JOSEError) return BY_JOSE_CODE[error.code];
  return undefined;
}
