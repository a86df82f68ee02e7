import { describe, expect, it } from "vitest";
import { deriveKey, KEY_PURPOSES, type Purpose } from "../../lib/key-derivation.js";

// Each label's output for one fixed master key (bytes 0..31), checked against `openssl kdf
// HKDF` with digest SHA256, no salt and the label as info. A changed label or algorithm fails
// here first: derived keys sign cursors and presigned URLs that replicas must agree on.
const MASTER = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

const PINNED: Record<Purpose, string> = {
  gatewayEntityCursor: "a589c0c36f037972e396c6f0f18118721c8d9909be135afe9090c43c39f83546",
  gatewayListCursor: "92c30a906e04b5b66ca5f04a2a5ec3ffe60c2e4236daddf48f3bdc066de52d6f",
  gatewayFilePresign: "5cff4fd98446f59256476c0003ff2429f03966a93efc2a6c5daf2f362f5460b6",
  controlPlaneCursor: "4bbff71275ebf77c1ec3b5143b717de9f4a704d8230c5d08da415270ba78a781",
  sidecarAuditCursor: "d7a9edf69030d0b2beb7fe1b61f688f8663f49fd5916ecb074be7fa28ab5ce92",
};

describe("deriveKey", () => {
  it.each(Object.entries(PINNED))("%s is pinned for a fixed master key", (purpose, hex) => {
    expect(deriveKey(MASTER, purpose as Purpose).toString("hex")).toBe(hex);
  });

  it("pins every purpose, and every purpose has its own label and key", () => {
    expect(Object.keys(PINNED).sort()).toEqual(Object.keys(KEY_PURPOSES).sort());
    expect(new Set(Object.values(KEY_PURPOSES)).size).toBe(Object.keys(KEY_PURPOSES).length);
    expect(new Set(Object.values(PINNED)).size).toBe(Object.keys(PINNED).length);
  });

  it("refuses a master key that is not 32 bytes", () => {
    expect(() => deriveKey(new Uint8Array(16), "gatewayListCursor")).toThrow(TypeError);
  });
});
