// The chain's hand-ordered JCS writer must give exactly the bytes of the general canonicalizer
// on the same §7 object, or every hash an outside verifier recomputes would differ.
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import {
  type ChainRecord,
  canonicalRecord,
  hashedObject,
  hashRecord,
} from "../../../sidecar/audit/chain.js";

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  "a",
  "Z",
  "0",
  '"',
  "\\",
  "/",
  "\n",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "é",
  "€",
  "😀",
  "\u2028",
  " ",
  "<",
  "&",
  "\ud83d\ude00",
];

function text(next: () => number, max = 12): string {
  let out = "";
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return out;
}

function json(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 4 : 6));
  if (pick === 0) return text(next);
  if (pick === 1) return Math.round((next() - 0.5) * 1e6) / (next() < 0.5 ? 1 : 1000);
  if (pick === 2) return next() < 0.5;
  if (pick === 3) return null;
  if (pick === 4)
    return Array.from({ length: Math.floor(next() * 3) }, () => json(next, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(next() * 4) }, () => [text(next, 6), json(next, depth + 1)]),
  );
}

function record(next: () => number): ChainRecord {
  const maybe = () => (next() < 0.3 ? null : text(next));
  return {
    tenant_id: text(next),
    sequence_id: Math.floor(next() * 1e9),
    timestamp: text(next),
    actor: { type: text(next), id: text(next), app_id: maybe(), user_id: maybe() },
    action: text(next),
    resource: { type: text(next), id: maybe() },
    outcome: text(next),
    status: 100 + Math.floor(next() * 500),
    request_id: text(next),
    metadata: next() < 0.2 ? null : (json(next, 1) as ChainRecord["metadata"]),
    previous_hash: text(next),
  };
}

describe("canonicalRecord", () => {
  it("matches the general JCS canonicalizer on 5,000 generated records", () => {
    const next = random(20261205);
    for (let i = 0; i < 5_000; i++) {
      const r = record(next);
      if (r.metadata !== null && (typeof r.metadata !== "object" || Array.isArray(r.metadata))) {
        r.metadata = { value: r.metadata as never };
      }
      expect(canonicalRecord(r)).toBe(canonicalize(hashedObject(r)));
    }
  });

  it.each([
    ["a lone high surrogate", { action: "a\ud800b" }],
    ["a lone low surrogate", { request_id: "\udc00" }],
    ["NaN in metadata", { metadata: { x: Number.NaN } }],
    ["a fractional sequence", { sequence_id: 1.5 }],
  ])("refuses %s with a RangeError, as before", (_, patch) => {
    const base = record(random(7));
    base.metadata = {};
    expect(() => hashRecord({ ...base, ...patch } as ChainRecord)).toThrow(RangeError);
  });
});
