/**
 * The deepest JSON body any operation accepts. Real documents are far shallower; the sidecar's
 * masker refuses deeper ones too, and recursive code further on (schema validation, stores,
 * serializers) would otherwise hit the stack limit — a 500 instead of a 400.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests objects or arrays more than `max` levels deep. Iterative, so a
 * 10,000-level document is measured without recursing; it stops at the first level too deep.
 *
 * @example
 *   nestedDeeperThan({ a: { b: [1] } }, 2); // true: object → object → array
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
