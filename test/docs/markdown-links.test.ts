import { describe, expect, it } from "vitest";
import { headingAnchors, markdownLinks } from "./markdown-links.js";

describe("markdown link reading", () => {
  it("finds links and images, not code", () => {
    const md =
      'a [x](a.md) b ![i](img/p.png)\n`[c](no.md)`\n```\n[d](no2.md)\n```\n[e](b.md#h "t")\n';
    expect(markdownLinks(md)).toEqual([
      { target: "a.md", line: 1 },
      { target: "img/p.png", line: 1 },
      { target: "b.md#h", line: 6 },
    ]);
  });

  it("gives headings GitHub's anchors", () => {
    const md =
      "# Tenants and apps\n## `invalid_client`\n## 412 `precondition_failed`\n## A/B\n## A/B\n```\n# not\n```\n";
    expect([...headingAnchors(md)]).toEqual([
      "tenants-and-apps",
      "invalid_client",
      "412-precondition_failed",
      "ab",
      "ab-1",
    ]);
  });
});
