import { describe, expect, it } from "vitest";
import { CleanStrings } from "../../../sidecar/masking/json-masker.js";
import { Masker } from "../../../sidecar/masking/masker.js";

describe("masking remembers clean strings only", () => {
  it("masks the same document the same way the second time", () => {
    const masker = new Masker();
    const doc = {
      operation_id: "getKvValue",
      contact: "bob@example.com",
      note: "card 4111111111111111",
    };
    const first = masker.maskJson(doc);
    const second = masker.maskJson(doc);
    expect(second).toEqual(first);
    expect(JSON.stringify(second.masked)).not.toContain("bob@example.com");
    expect(JSON.stringify(second.masked)).not.toContain("4111111111111111");
    expect((second.masked as Record<string, unknown>).operation_id).toBe("getKvValue");
  });

  it("keeps extra per-call rules in force for strings the default rules found clean", () => {
    const masker = new Masker();
    expect(masker.maskJson({ v: "project-x-42" }).masked).toEqual({ v: "project-x-42" });
    const custom = masker.maskJson({ v: "project-x-42" }, { patterns: ["project-x-\\d+"] });
    expect(JSON.stringify(custom.masked)).not.toContain("project-x-42");
  });

  it("is bounded and skips long strings", () => {
    const clean = new CleanStrings(2, 8);
    clean.remember("a");
    clean.remember("b");
    clean.remember("c"); // full: starts over
    expect(clean.has("a")).toBe(false);
    expect(clean.has("c")).toBe(true);
    clean.remember("123456789");
    expect(clean.has("123456789")).toBe(false);
  });
});
