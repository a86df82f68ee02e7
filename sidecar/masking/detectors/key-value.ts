import type { FieldNames } from "../field-names.js";
import { isPlaceholder } from "../finding.js";
import type { Detector, Hit } from "./detector.js";

const KEY = String.raw`[A-Za-z][A-Za-z0-9_.\-]{0,127}`;

/** `"password": …`, `'token': …` — JSON or a language's dict literal inside text. */
const QUOTED_KEY = new RegExp(String.raw`(["'])(${KEY})\1[ \t]*[:=][ \t]*`, "g");
/** `password=…` in query strings, forms and env files; `password: …` in YAML and headers. */
const BARE_KEY = new RegExp(
  String.raw`(?<![A-Za-z0-9_.\-])(${KEY})(=|[ \t]*=[ \t]*|:(?!//)[ \t]*)`,
  "g",
);
/** The value right after a key: double-quoted (JSON escapes), single-quoted, or a bare token. */
const VALUE = /"((?:[^"\\\n]|\\.){1,1024})"|'([^'\n]{1,1024})'|([^\s&;,#"'<>}\]]{1,1024})/y;
/** `Authorization: Basic dXNlcjpwYXNz`: the scheme and its credentials are one value. */
const AUTHORIZATION =
  /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?((?:[A-Za-z][A-Za-z0-9_-]*[ \t]+)?([^\s"',;]+))/dgi;
const AUTHORIZATION_KEY = /^(?:proxy-?)?authorization$/i;

/** Values that stand for a secret without being one: `***`, `<token>`, `${DB_PASSWORD}`, ours. */
function isStandIn(value: string): boolean {
  return (
    isPlaceholder(value) ||
    /^(?:\*+|x+|X+|•+|null|<[^>]*>|\$\{[^}]*\}?|\$[A-Za-z_]\w*|\{\{.*|%[A-Za-z_]+%)$/.test(value)
  );
}

/** The part after the scheme: not a stand-in, and not a bare word ("Authorization: Bearer"). */
const isCredential = (value: string) => !isStandIn(value) && !/^[A-Za-z]{1,23}$/.test(value);

/**
 * An unquoted `key: value` or `key = value` is also how prose and messages read ("password:
 * required"), so there a single lowercase word is not taken as a secret. `key=value` (query
 * strings, env files) and quoted values always are.
 */
const proseLike = (separator: string, value: string) => separator !== "=" && /^[a-z]+$/.test(value);

/** The value after the key that ends at `at`, as a hit, or undefined. */
function valueHit(
  text: string,
  at: number,
  separator: string | undefined,
  kind: Hit["kind"],
): Hit | undefined {
  VALUE.lastIndex = at;
  const v = VALUE.exec(text);
  const value = v?.[1] ?? v?.[2] ?? v?.[3];
  if (!v || value === undefined || isStandIn(value)) return undefined;
  const bare = v[3] !== undefined;
  if (bare && separator !== undefined && proseLike(separator, value)) return undefined;
  const start = bare ? at : at + 1;
  return { start, end: start + value.length, kind };
}

/**
 * Keys first, values only for blocked keys: scanning resumes right after a key that is not
 * blocked, so a pair inside another value (`"url": "https://x/?token=…"`) is still found, and
 * after a masked value, so `password=password=…` costs one pass.
 */
function pairs(pattern: RegExp, text: string, names: FieldNames, hits: Hit[]): void {
  const bare = pattern === BARE_KEY;
  const re = new RegExp(pattern); // own lastIndex
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = (bare ? m[1] : m[2]) ?? "";
    const kind = AUTHORIZATION_KEY.test(key) ? undefined : names.kindOf(key); // see AUTHORIZATION
    const hit = kind && valueHit(text, re.lastIndex, bare ? m[2] : undefined, kind);
    if (!hit) continue;
    hits.push(hit);
    re.lastIndex = hit.end;
  }
}

/**
 * Values of password-like and caller-blocked names inside free text: query strings
 * (`?token=…`), form bodies, env lines, headers, and JSON or YAML embedded in a log line.
 *
 * @example
 *   keyValueDetector(new FieldNames()).find("GET /cb?code=1&password=hunter2"); // "password" hit
 */
export function keyValueDetector(names: FieldNames): Detector {
  return {
    find(text) {
      const hits: Hit[] = [];
      pairs(QUOTED_KEY, text, names, hits);
      pairs(BARE_KEY, text, names, hits);
      for (const m of text.matchAll(AUTHORIZATION)) {
        const range = m.indices?.[1];
        if (range && isCredential(m[2] ?? ""))
          hits.push({ start: range[0], end: range[1], kind: "password" });
      }
      return hits;
    },
  };
}
