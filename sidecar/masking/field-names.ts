import type { FindingKind } from "./finding.js";

/**
 * Field names compare case-insensitively and ignore `_`, `-`, `.` and spaces, so `api_key`,
 * `apiKey`, `API-KEY` and `x-api-key` are one family.
 *
 * @example
 *   normalizeFieldName("Client_Secret"); // "clientsecret"
 */
export function normalizeFieldName(name: string): string {
  return name.toLowerCase().replace(/[_\-. ]/g, "");
}

/** Exact (normalized) names whose values are credentials. */
const EXACT = new Set([
  "pwd",
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "credentials",
]);
/** Anywhere in the name: `password_confirmation`, `newPassword`, `db_passwd`. */
const CONTAINS = ["password", "passwd", "passphrase"];
/** At the end: `client_secret`, `access_token`, `x-api-key`, `aws_secret_access_key`. */
const SUFFIXES = ["secret", "secretkey", "secretaccesskey", "token", "apikey", "privatekey"];

/**
 * True for the built-in password-like names (password, passwd, pwd, secret, token, api_key,
 * authorization, client_secret, …). Suffix rather than exact matching catches `db_password` and
 * `refresh_token` while leaving `token_type`, `max_tokens` and `secretary` alone.
 */
export function isSecretFieldName(name: string): boolean {
  const n = normalizeFieldName(name);
  return EXACT.has(n) || CONTAINS.some((w) => n.includes(w)) || SUFFIXES.some((s) => n.endsWith(s));
}

/**
 * The per-call view of field names: built-in secret names plus the request's `blocked_fields`.
 *
 * @example
 *   new FieldNames(["national_id"]).kindOf("NationalId"); // "blocked_field"
 */
export class FieldNames {
  readonly #extra: ReadonlySet<string>;

  constructor(extra: readonly string[] = []) {
    this.#extra = new Set(extra.map(normalizeFieldName));
  }

  /** The kind a value under `name` is masked as, or undefined when the name is not blocked. */
  kindOf(name: string): FindingKind | undefined {
    if (isSecretFieldName(name)) return "password";
    return this.#extra.has(normalizeFieldName(name)) ? "blocked_field" : undefined;
  }
}
