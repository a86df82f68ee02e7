import type { Setting } from "./settings.js";

/** What `cpod config` shows in place of a secret: that it is set, never any part of it. */
export const REDACTED = "<redacted>";

/** Query (or fragment) parameters that carry a credential in store and service URLs. */
const SECRET_PARAM = /^(password|sslpassword|token|secret|key|access_token|auth.*)$/i;

/** Text that may hold a credential: a value like this that cannot be parsed is hidden whole. */
const MAY_HOLD_SECRET = /@|password=|token=/i;

/** `a=1&password=x` with each secret parameter's value replaced, the rest as written. */
function withoutSecretParams(params: string): string {
  return params
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replaceAll("+", " "));
      } catch {
        return `${pair.slice(0, eq)}=${REDACTED}`; // a name we cannot read might be a secret one
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join("&");
}

/** The URL as written with the userinfo password and secret parameters replaced. */
function rewrite(value: string): string {
  const scheme = value.indexOf("://") + 3;
  const end = value.slice(scheme).search(/[/?#]/);
  const authorityEnd = end < 0 ? value.length : scheme + end;
  const authority = value.slice(scheme, authorityEnd);
  const at = authority.lastIndexOf("@");
  const colon = authority.slice(0, Math.max(at, 0)).indexOf(":");
  const userinfo =
    at >= 0 && colon >= 0
      ? `${authority.slice(0, colon + 1)}${REDACTED}${authority.slice(at)}`
      : authority;
  const rest = value
    .slice(authorityEnd)
    .replace(/([?#])([^#]*)/g, (_, mark: string, params: string) => {
      return `${mark}${withoutSecretParams(params)}`;
    });
  return `${value.slice(0, scheme)}${userinfo}${rest}`;
}

/** True when `text`, parsed, still shows a password or a secret parameter's value. */
function leaks(text: string): boolean {
  if (!URL.canParse(text)) return true;
  const url = new URL(text);
  if (url.password && decodeURIComponent(url.password) !== REDACTED) return true;
  const params = [...url.searchParams, ...new URLSearchParams(url.hash.slice(1))];
  return params.some(([name, v]) => SECRET_PARAM.test(name) && v !== REDACTED);
}

/**
 * A URL with its password and secret query parameters replaced
 * (`postgres://cpod:<redacted>@db/cpod?password=<redacted>`), other text as written. Fails
 * closed: a value that may hold a credential but cannot be parsed, or whose rewrite would still
 * show one, is hidden whole.
 */
function withoutUrlSecrets(value: string): string {
  // Without `://` (`host:port`, `user:pw@host`) there is no authority to rewrite.
  if (!URL.canParse(value) || !value.includes("://")) {
    return MAY_HOLD_SECRET.test(value) ? REDACTED : value;
  }
  const rewritten = rewrite(value);
  return leaks(rewritten) ? REDACTED : rewritten;
}

/**
 * A setting's value fit to print: secrets (tokens, keys, credentials) wholly hidden; a URL's
 * password and credential parameters hidden, since store URLs often carry them (DESIGN.md §9:
 * secrets never appear in output). Only list settings are split on commas: a comma inside a
 * URL (a password's) is part of it.
 *
 * @example
 *   redact(setting, "redis://:hunter2@cache:6379"); // "redis://:<redacted>@cache:6379"
 */
export function redact(setting: Setting, value: string): string {
  if (setting.secret) return REDACTED;
  if (setting.kind.type === "list") return value.split(",").map(withoutUrlSecrets).join(",");
  return withoutUrlSecrets(value);
}
