import { apiKeyDetector } from "./api-key.js";
import { bearerTokenDetector } from "./bearer-token.js";
import { cardNumberDetector } from "./card-number.js";
import type { Detector } from "./detector.js";
import { emailDetector } from "./email.js";
import { ibanDetector } from "./iban.js";
import { jwtDetector } from "./jwt.js";
import { phoneDetector } from "./phone.js";
import { privateKeyDetector } from "./private-key.js";
import { urlCredentialsDetector } from "./url-credentials.js";
import { usSsnDetector } from "./us-ssn.js";

export type { Detector, Hit } from "./detector.js";
export { keyValueDetector } from "./key-value.js";

/**
 * The detectors that need no per-call configuration. Order does not matter: overlaps are
 * resolved by kind priority (see `priority` in finding.ts), not by position in this list.
 */
export const BUILT_IN_DETECTORS: readonly Detector[] = [
  privateKeyDetector,
  bearerTokenDetector,
  jwtDetector,
  apiKeyDetector,
  urlCredentialsDetector,
  ibanDetector,
  cardNumberDetector,
  usSsnDetector,
  emailDetector,
  phoneDetector,
];
