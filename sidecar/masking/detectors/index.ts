import { apiKeyDetector } from "./api-key.js";
import { bearerTokenDetector } from "./bearer-token.js";
import { cardNumberDetector } from "./card-number.js";
import type { Detector } from "./detector.js";
import { emailDetector } from "./email.js";
import { highEntropyDetector } from "./high-entropy.js";
import { ibanDetector } from "./iban.js";
import { jwtDetector } from "./jwt.js";
import { phoneDetector } from "./phone.js";
import { platformCredentialDetector } from "./platform-credential.js";
import { privateKeyDetector } from "./private-key.js";
import { urlCredentialsDetector } from "./url-credentials.js";
import { usSsnDetector } from "./us-ssn.js";

export type { Detector, Hit } from "./detector.js";
export { keyValueDetector } from "./key-value.js";

/**
 * The detectors that need no per-call configuration: cPod's own credential formats first, then
 * known formats, then the generic high-entropy rule as the net under them. The order does not
 * change the result — overlaps are resolved by kind priority (see `priority` in finding.ts) —
 * but it is the order a reader should check them in.
 */
export const BUILT_IN_DETECTORS: readonly Detector[] = [
  platformCredentialDetector,
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
  highEntropyDetector,
];
