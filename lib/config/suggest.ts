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

const leafOf = (key: string) => key.split(".").at(-1)?.toLowerCase() ?? "";

/** The known key nearest in spelling to `unknown`, if within two edits. */
function nearest(unknown: string, keys: readonly string[]): string | undefined {
  const scored = keys.map((key) => ({
    key,
    d: distance(unknown.toLowerCase(), key.toLowerCase()),
  }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.key : undefined;
}

/**
 * The key an unknown one was probably meant to be, the section it was written in first: the
 * same name there (any case), else a shared key of that name put in a section
 * (`controlPlane.adminToken` → `adminToken`), else a near spelling in the section
 * (`gateway.adr` → `gateway.addr`), else a key of the section whose name holds it
 * (`sidecar.addr` → `sidecar.listenAddr`), else the same name or a near spelling anywhere;
 * undefined when nothing is close.
 *
 * @example
 *   suggestKey("controlPlane.adminToken"); // "adminToken"
 */
export function suggestKey(unknown: string): string | undefined {
  const parts = unknown.split(".");
  const leaf = leafOf(unknown);
  const section = parts.length > 1 ? `${parts[0]}.` : undefined;
  const own = section ? KNOWN.filter((key) => key.startsWith(section)) : [];
  const shared = KNOWN.filter((key) => !key.includes("."));
  return (
    own.find((key) => leafOf(key) === leaf) ??
    shared.find((key) => leafOf(key) === leaf) ??
    nearest(unknown, own) ??
    (leaf.length >= 3 ? own.find((key) => leafOf(key).includes(leaf)) : undefined) ??
    KNOWN.find((key) => leafOf(key) === leaf) ??
    nearest(unknown, KNOWN)
  );
}
