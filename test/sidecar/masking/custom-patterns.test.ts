// Per-call patterns: RE2 syntax in, linear-time risk out. Every refusal is validation_failed and
// never repeats the pattern (it may embed the very value a caller wants hidden).
import { describe, expect, it } from "vitest";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { compilePatterns, toJavaScript } from "../../../sidecar/masking/custom-patterns.js";
import { repetitionRisk } from "../../../sidecar/masking/pattern-safety.js";

describe("compilePatterns", () => {
  const refused: { why: string; patterns: string[] }[] = [
    { why: "does not compile", patterns: ["(abc"] },
    { why: "backreference (not RE2)", patterns: ["(a)\\1"] },
    { why: "lookahead (not RE2)", patterns: ["secret(?=x)"] },
    { why: "nested quantifier", patterns: ["(a+)+$"] },
    { why: "repeated alternation", patterns: ["(?:\\w|\\d)*!"] },
    { why: "repeated group with an optional", patterns: ["(x*y?){2,9}"] },
    { why: "matches empty text", patterns: ["a*"] },
    { why: "POSIX class JavaScript cannot read", patterns: ["[[:alpha:]]+"] },
    { why: "too long", patterns: ["a".repeat(513)] },
    { why: "too many", patterns: Array.from({ length: 21 }, (_, i) => `p${i}`) },
  ];
  it.each(refused)("refuses: $why", ({ patterns }) => {
    const attempt = () => compilePatterns(patterns);
    expect(attempt).toThrow(SidecarError);
    try {
      attempt();
    } catch (error) {
      expect((error as SidecarError).errorCode).toBe("validation_failed");
      for (const p of patterns) if (p.length > 3) expect((error as Error).message).not.toContain(p);
    }
  });

  const accepted: { given: string; text: string; matched: string[] }[] = [
    { given: "EMP-\\d{6}", text: "EMP-000123 EMP-1", matched: ["EMP-000123"] },
    { given: "(?i)secret-[a-z]+", text: "SECRET-abc", matched: ["SECRET-abc"] },
    { given: "(?P<id>ID\\-\\d+)", text: "ID-42", matched: ["ID-42"] },
    { given: "\\Aacct-\\d+\\z", text: "acct-9", matched: ["acct-9"] },
    { given: "(?:ab)+c", text: "ababc", matched: ["ababc"] },
    { given: "x\\@y", text: "x@y", matched: ["x@y"] },
  ];
  it.each(accepted)("translates RE2 to JavaScript: $given", ({ given, text, matched }) => {
    const [detector] = compilePatterns([given]);
    const hits = detector?.find(text) ?? [];
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(matched);
  });

  it("maps RE2-only spellings", () => {
    expect(toJavaScript("(?i)\\Aa\\-b\\z")).toEqual({ source: "^a\\x2db$", flags: "i" });
    expect(toJavaScript("(?P<n>x)").source).toBe("(?<n>x)");
  });
});

describe("repetitionRisk", () => {
  it.each(["(a+)+", "(a|b)*", "((ab)*c)+", "(\\d{1,3}\\.)+x", "(?:[a-z]+\\s?)*"])(
    "flags %s",
    (p) => {
      expect(repetitionRisk(p)).toBeDefined();
    },
  );
  it.each(["a+b+", "(ab)+", "(a+)?", "[(a+)+]", "\\(a+\\)+", "(\\d{3}-)+", "(?:x|y)z"])(
    "allows %s",
    (p) => {
      expect(repetitionRisk(p)).toBeUndefined();
    },
  );
});
