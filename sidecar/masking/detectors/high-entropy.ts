import type { Detector, Hit } from "./detector.js";

// A run of the base64 / base64url alphabet, not glued to more of it (`=` may come before: the
// value of `key=…`). Unbounded, so a long run is one match, not one attempt per position.
const TOKEN = /(?<![A-Za-z0-9_+/-])[A-Za-z0-9_+/-]{16,}={0,2}(?![A-Za-z0-9_+/=-])/g;
/**
 * Lowercase words before the random part: an issuer prefix (`cpod_`, `sk-`, `acme_live_`) or an
 * entity type (`subscription_` + a ULID). What follows is judged on its own.
 */
const PREFIX = /^(?:[a-z][a-z0-9]{1,23}[_-]){1,3}/;
/** Right before a value: a credential-ish name and a separator (gitleaks' generic rule). */
const SECRET_CONTEXT =
  /(?<![A-Za-z])(?:(?:api|access|secret|private|signing|client|master|encryption|admin|auth|app|service|session)[_.-]?key|credentials?|creds|auth|sig(?:nature)?)[\w.-]{0,20}["']?[ \t]*(?:=|:|=>|:=)[ \t]*["']?$/i;
/**
 * Right before a value: names of things that look random and are not secret, and the `$` of a
 * crypt / PHC password hash field (`$2b$12$…`, `$argon2id$…$…`).
 */
const PUBLIC_CONTEXT =
  /\$$|(?:cursor|page[_-]?token|etag|hash|digest|checksum|sha\d*|md5|nonce|request[_-]?id|trace[_-]?id|span[_-]?id|idempotency[_-]?key|kid|jti)["']?[ \t]*(?:=|:|=>)[ \t]*["']?$/i;

/** `sha256-…` (subresource integrity), `md5_…`: a digest, named as one. */
const DIGEST_PREFIX = /^(?:sha\d*|md5|blake\d*)[_-]/i;

/** Armored blocks that hold public material: certificates, public keys, signatures. */
const PUBLIC_PEM =
  /-----BEGIN (?![A-Z0-9 ]*PRIVATE)([A-Z0-9 ]{1,40})-----[\s\S]*?(?:-----END \1-----|$)/g;

const blockEnd = (b: RegExpExecArray | undefined) => (b ? b.index + b[0].length : Infinity);

/** Minimum lengths of the random part: shorter runs are too often ordinary identifiers. */
const MIN_BARE = 32;
const MIN_PREFIXED = 28; // above the 24 of object ids such as Stripe's `pi_…`, `evt_…`
const MIN_IN_CONTEXT = 16;

/** Shannon entropy of `s` in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

const classOf = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /\d/.test(c) ? 2 : 3);

/**
 * How often neighbouring characters change class (lower, upper, digit, other): ~0.65 for random
 * base64, ~0.3 for `camelCaseNames2`, paths and words, where letters come in runs.
 */
export function classSwitchRatio(s: string): number {
  let switches = 0;
  for (let i = 1; i < s.length; i++)
    if (classOf(s[i - 1] ?? "") !== classOf(s[i] ?? "")) switches++;
  return s.length < 2 ? 0 : switches / (s.length - 1);
}

/** Base64 whose bytes are printable text (`VGhlIHF1aWNr…`) encodes words, not key material. */
function decodesToText(s: string): boolean {
  const bytes = Buffer.from(s, /[-_]/.test(s) ? "base64url" : "base64");
  if (bytes.length < 12) return false;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a) printable++;
  return printable / bytes.length >= 0.9;
}

/**
 * Random-looking: upper, lower and digits mixed (hex hashes, UUIDs and ULIDs lack a class), an
 * entropy near that of random text of the same length (the bar is 1.1 bits below log2(length),
 * capped at 4.5; random base64 misses it about once in ten thousand), class changes at the pace of
 * random text, and not text in disguise.
 */
export function looksRandom(body: string, min: number): boolean {
  if (body.length < min || !/[a-z]/.test(body) || !/[A-Z]/.test(body) || !/\d/.test(body))
    return false;
  if (body.startsWith("/") || body.includes("//")) return false; // a path or a URL's tail
  const bar = Math.min(Math.log2(body.length) - 1.1, 4.5);
  return shannonEntropy(body) >= bar && classSwitchRatio(body) >= 0.4 && !decodesToText(body);
}

const HEX_OR_UUID = /^(?:[0-9a-f]+|[0-9A-F]+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/i;

/** Letters and digits, not a hash or UUID (logged by design), random enough for its context. */
function looksLikeKeyedSecret(value: string): boolean {
  if (value.length < MIN_IN_CONTEXT || HEX_OR_UUID.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return false;
  return shannonEntropy(value) >= Math.min(Math.log2(value.length) - 1.3, 4);
}

/** Whether the candidate at `start` is a secret, judged by what precedes it and its shape. */
function isSecret(text: string, start: number, token: string): boolean {
  const before = text.slice(Math.max(0, start - 48), start);
  if (PUBLIC_CONTEXT.test(before)) return false;
  if (SECRET_CONTEXT.test(before) && looksLikeKeyedSecret(token)) return true;
  const prefix = PREFIX.exec(token)?.[0];
  if (prefix && DIGEST_PREFIX.test(prefix)) return false;
  if (prefix) return looksRandom(token.slice(prefix.length), MIN_PREFIXED);
  return looksRandom(token, MIN_BARE);
}

/**
 * Secrets without a known format, in the spirit of gitleaks' generic rule: a random-looking token
 * (mixed classes, high entropy) of 32+ characters, or 28+ after a lowercase issuer prefix
 * (`cpod_…`, an unknown `xyz_live_…`), or 16+ after a credential-ish name (`signing_key=…`).
 * Hex hashes (audit chain hashes, ETags), UUIDs, ULID-based ids, paths, base64 of text, and the
 * values of cursors, hashes and request ids are left alone: they are logged by design.
 *
 * @example
 *   highEntropyDetector.find("cpod_9fKx2LqPzR4tVb7WmN1sYc8Ud3Ge5Hj6"); // one "api_key" hit
 */
export const highEntropyDetector: Detector = {
  find(text) {
    const hits: Hit[] = [];
    const pem = text.includes("-----BEGIN ") ? [...text.matchAll(PUBLIC_PEM)] : [];
    let block = 0; // blocks and tokens both come in text order: one pass over each
    for (const m of text.matchAll(TOKEN)) {
      while (block < pem.length && blockEnd(pem[block]) <= m.index) block++;
      if ((pem[block]?.index ?? Infinity) <= m.index) continue; // in a certificate or public key
      const token = m[0].replace(/=+$/, "");
      if (isSecret(text, m.index, token))
        hits.push({ start: m.index, end: m.index + m[0].length, kind: "api_key", generic: true });
    }
    return hits;
  },
};
