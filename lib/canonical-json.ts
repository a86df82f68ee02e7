import canonicalize from "canonicalize";

// One canonical-JSON function for every program: RFC 8785 (JCS) text from the `canonicalize`
// package, so a fingerprint, a MAC input or an audit record hash means the same bytes wherever it
// is computed. Hand-rolled sorters drift from the RFC on numbers, Unicode and `toJSON`.

/**
 * The RFC 8785 (JSON Canonicalization Scheme) text of `value`: keys sorted by UTF-16 code units,
 * ECMAScript number formatting, no whitespace, `undefined` members dropped — the same bytes for
 * equal values whatever their key order. Throws what the package throws for values JSON cannot
 * carry faithfully (NaN, Infinity, lone surrogates, cycles) and a TypeError for a value with no
 * JSON text at all (`undefined`, a function, a symbol), instead of hashing an empty string.
 *
 * @example
 *   canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (typeof text !== "string") throw new TypeError("canonicalJson: the value has no JSON text");
  return text;
}
