import {
  CREDENTIAL_BODY,
  escapeRegExp,
  PLATFORM_CREDENTIAL_PREFIXES,
} from "../../../lib/credential-formats.js";
import { type Detector, regexHits } from "./detector.js";

// Built from the formats the control plane mints with (lib/credential-formats.ts), so a new or
// changed cPod credential is detected the day it is minted. Not glued to a longer token.
const PLATFORM_CREDENTIAL = new RegExp(
  `(?<![A-Za-z0-9_-])(?:${Object.values(PLATFORM_CREDENTIAL_PREFIXES).map(escapeRegExp).join("|")})${CREDENTIAL_BODY}(?![A-Za-z0-9_-])`,
  "g",
);

/**
 * cPod's own credentials: client secrets (`cs_…`) and refresh tokens (`rt_…`), exactly as
 * minted (prefix + 43 base64url characters). Listed first among the built-in detectors: the
 * platform's own secrets are the ones most likely to reach its logs.
 *
 * @example
 *   platformCredentialDetector.find(`refresh_token ${"rt_" + "A".repeat(43)}`); // one "api_key" hit
 */
export const platformCredentialDetector: Detector = {
  find: (text) => regexHits(PLATFORM_CREDENTIAL, text, "api_key"),
};
