/** A repetition operator: `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`. */
interface Quantifier {
  length: number;
  min: number;
  max: number;
}

/** Open groups, innermost last: does the group so far contain a variable repeat or a `|`? */
interface Frame {
  variable: boolean;
  alternation: boolean;
}

/** The quantifier at `i`, if any (RE2 treats a `{` that is not a valid repeat as a literal). */
export function quantifierAt(src: string, i: number): Quantifier | undefined {
  const c = src[i];
  if (c === "*") return { length: 1, min: 0, max: Number.POSITIVE_INFINITY };
  if (c === "+") return { length: 1, min: 1, max: Number.POSITIVE_INFINITY };
  if (c === "?") return { length: 1, min: 0, max: 1 };
  const m = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 12)) : null;
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
  return { length: m[0].length, min, max };
}

/** How many characters the escape at `i` spans: `\d`, `\p{Greek}`, `\x{41}`, `\Q…\E`. */
export function escapeLength(src: string, i: number): number {
  const next = src[i + 1] ?? "";
  if ("pPx".includes(next) && src[i + 2] === "{") {
    const end = src.indexOf("}", i);
    return end < 0 ? 2 : end - i + 1;
  }
  if (next === "Q") {
    const end = src.indexOf("\\E", i);
    return end < 0 ? src.length - i : end - i + 2;
  }
  return "pP".includes(next) ? 3 : 2;
}

/** Index just past the character class that opens at `i` (`[^]a-z[:alpha:]\]]`). */
export function classEnd(src: string, i: number): number {
  let j = i + 1;
  if (src[j] === "^") j++;
  if (src[j] === "]") j++;
  while (j < src.length && src[j] !== "]") {
    if (src[j] === "\\") j += escapeLength(src, j);
    else if (src.startsWith("[:", j) && src.indexOf(":]", j) > 0) j = src.indexOf(":]", j) + 2;
    else j++;
  }
  return j + 1;
}

const FLAGS_ONLY = /^\(\?[imsU-]*\)/;
const GROUP_PREFIX = /^\(\?(?:P?<[A-Za-z0-9_]*>|[imsU-]*:)/;

/**
 * Why a pattern could backtrack catastrophically in a JavaScript RegExp, or undefined. RE2 itself
 * is linear, but positions come from the platform RegExp, so a repeated group may contain neither
 * a variable repeat nor an alternation: `(a+)+`, `(\w|\d)*`, `(x*y?){2,9}` are refused.
 *
 * @example
 *   repetitionRisk("(a+)+$"); // "a repeated group contains a repeat or an alternation"
 *   repetitionRisk("EMP-\\d{6}"); // undefined
 */
export function repetitionRisk(src: string): string | undefined {
  const stack: Frame[] = [{ variable: false, alternation: false }];
  let closed: Frame | undefined;
  for (let i = 0; i < src.length; ) {
    const top = stack.at(-1) ?? { variable: false, alternation: false };
    const q = quantifierAt(src, i);
    if (q) {
      if (closed && q.max > 1 && (closed.variable || closed.alternation)) {
        return "a repeated group contains a repeat or an alternation";
      }
      top.variable ||= q.min !== q.max;
      closed = undefined;
      i += q.length + (src[i + q.length] === "?" ? 1 : 0);
      continue;
    }
    closed = undefined;
    const c = src[i];
    if (c === "\\") i += escapeLength(src, i);
    else if (c === "[") i = classEnd(src, i);
    else if (c === "(") {
      const skip = FLAGS_ONLY.exec(src.slice(i, i + 12))?.[0].length;
      if (skip) i += skip;
      else {
        stack.push({ variable: false, alternation: false });
        i += GROUP_PREFIX.exec(src.slice(i, i + 140))?.[0].length ?? 1;
      }
    } else if (c === ")") {
      closed = stack.length > 1 ? stack.pop() : undefined;
      const parent = stack.at(-1);
      if (closed && parent) {
        parent.variable ||= closed.variable;
        parent.alternation ||= closed.alternation;
      }
      i++;
    } else {
      if (c === "|") top.alternation = true;
      i++;
    }
  }
  return undefined;
}
