import { SECTIONS, SETTINGS } from "./settings.js";

/** Levenshtein distance, small strings only (keys of a few dozen characters). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const KNOWN = [...SETTINGS.map((s) => s.key), ...SECTIONS];

/**
 * The key an unknown one was probably meant to be: the same name in another place (a shared
 * key put in a section, `controlPlane.adminToken` → `adminToken`), else a near spelling
 * (`gatway.addr` → `gateway.addr`); undefined when nothing is close.
 *
 * @example
 *   suggestKey("controlPlane.adminToken"); // "adminToken"
 */
export function suggestKey(unknown: string): string | undefined {
  const leaf = unknown.split(".").at(-1)?.toLowerCase();
  const moved = KNOWN.find((key) => key.split(".").at(-1)?.toLowerCase() === leaf);
  if (moved) return moved;
  const scored = KNOWN.map((key) => ({
    key,
    d: distance(unknown.toLowerCase(), key.toLowerCase()),
  }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.key : undefined;
}
