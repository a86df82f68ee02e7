import { type Detector, regexHits } from "./detector.js";

/**
 * Known third-party key formats, by issuer (cPod's own are in platform-credential.ts). Prefixes are what make these detectable with few false
 * positives; the minimum lengths keep identifiers such as `cs_id` or `sk_test_mode` visible.
 */
const FORMATS = [
  "(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}", // Stripe secret / restricted keys
  "whsec_[0-9A-Za-z+/=]{24,}", // Stripe webhook signing secret
  "gh[pousr]_[A-Za-z0-9]{36,}", // GitHub tokens
  "github_pat_[A-Za-z0-9_]{22,}", // GitHub fine-grained tokens
  "xox[bpasr]-[A-Za-z0-9-]{10,}", // Slack tokens
  "(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])", // AWS access key ids
  "AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", // Google API keys
  "glpat-[0-9A-Za-z_-]{20,}", // GitLab personal access tokens
  "npm_[A-Za-z0-9]{36,}", // npm tokens
  "sk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_-]{20,}", // OpenAI project/service/admin, Anthropic
  "sk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])", // OpenAI user keys (incl. the `…T3BlbkFJ…` ones)
  String.raw`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, // SendGrid keys
];

const API_KEY = new RegExp(`(?<![A-Za-z0-9_-])(?:${FORMATS.join("|")})`, "g");

/**
 * API keys and secrets with a known prefix (`sk_live_`, `sk-proj-`, `ghp_`, `AKIA…`, `AIza…`, …).
 *
 * @example
 *   apiKeyDetector.find("key=AKIAIOSFODNN7EXAMPLE"); // one "api_key" hit
 */
export const apiKeyDetector: Detector = {
  find: (text) => regexHits(API_KEY, text, "api_key"),
};
