import { type Detector, regexHits } from "./detector.js";

/**
 * Known key formats, by issuer. Prefixes are what make these detectable with few false
 * positives; the minimum lengths keep identifiers such as `cs_id` or `sk_test_mode` visible.
 */
const FORMATS = [
  "cs_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", // cPod client secret: 256 bits, base64url
  "(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}", // Stripe secret / restricted keys
  "whsec_[0-9A-Za-z+/=]{24,}", // Stripe webhook signing secret
  "gh[pousr]_[A-Za-z0-9]{36,}", // GitHub tokens
  "github_pat_[A-Za-z0-9_]{22,}", // GitHub fine-grained tokens
  "xox[bpasr]-[A-Za-z0-9-]{10,}", // Slack tokens
  "(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])", // AWS access key ids
  "AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", // Google API keys
  "glpat-[0-9A-Za-z_-]{20,}", // GitLab personal access tokens
  "npm_[A-Za-z0-9]{36,}", // npm tokens
  "sk-(?:proj|ant|svcacct)-[A-Za-z0-9_-]{20,}", // OpenAI / Anthropic keys
  String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, // SendGrid keys
];

const API_KEY = new RegExp(`(?<![A-Za-z0-9_-])(?:${FORMATS.join("|")})`, "g");

/**
 * API keys and secrets with a known prefix (`cs_`, `sk_live_`, `ghp_`, `AKIA…`, `AIza…`, …).
 *
 * @example
 *   apiKeyDetector.find("key=AKIAIOSFODNN7EXAMPLE"); // one "api_key" hit
 */
export const apiKeyDetector: Detector = {
  find: (text) => regexHits(API_KEY, text, "api_key"),
};
