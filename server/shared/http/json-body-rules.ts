/**
 * The deepest JSON body any operation accepts. Real documents are far shallower; the sidecar's
 * masker refuses deeper ones too, and recursive code further on (schema validation, stores,
 * serializers) would otherwise hit the stack limit — a 500 instead of a 400.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Characters no store keeps faithfully: NUL (PostgreSQL text and JSONB refuse it) and UTF-16
 * surrogates that are not part of a pair (not valid Unicode; JSONB, BSON and the audit chain's
 * canonical JSON all refuse them).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a parsed JSON body cannot be stored as sent; undefined when it can. */
export type BodyProblem = "too_deep" | "unstorable_character";

/**
 * The first rule a parsed JSON body breaks: nesting objects or arrays more than `maxDepth` levels,
 * or a key or string holding NUL or a lone surrogate. Iterative, so a 10,000-level document is
 * measured without recursing; it stops at the first problem.
 *
 * @example
 *   bodyProblem({ a: { b: [1] } }, 2); // "too_deep": object → object → array
 *   bodyProblem({ name: "a\u0000b" }, 64); // "unstorable_character"
 */
export function bodyProblem(value: unknown, maxDepth: number): BodyProblem | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node === "string") {
      if (UNSTORABLE.test(node)) return "unstorable_character";
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    if (depth > maxDepth) return "too_deep";
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key)) return "unstorable_character";
      stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
