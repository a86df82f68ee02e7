// A newcomer follows the docs by clicking: every relative link in README.md, docs/**/*.md and
// the SDK READMEs must reach a file inside this repository (and a heading, when it names one).
// Links that left the repo (`../shared/DESIGN.md`) were dead for everyone who cloned it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, markdownLinks } from "./markdown-links.js";

const ROOT = resolve(import.meta.dirname, "../..");

function markdownUnder(dir: string, only?: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(abs, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return markdownUnder(relative(ROOT, path), only);
    return name.endsWith(".md") && (!only || only.test(name)) ? [relative(ROOT, path)] : [];
  });
}

const FILES = ["README.md", ...markdownUnder("docs"), ...markdownUnder("sdk", /^README\.md$/)];

/** What is wrong with one link of `file`, or undefined when it resolves. */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: …: not ours
  const [path = "", anchor] = target.split("#", 2);
  const resolved = path === "" ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
  if (!`${resolved}${sep}`.startsWith(`${ROOT}${sep}`)) return "points outside the repository";
  if (!existsSync(resolved)) return "names no file";
  if (anchor === undefined || !resolved.endsWith(".md")) return undefined;
  const anchors = headingAnchors(readFileSync(resolved, "utf8"));
  return anchors.has(decodeURIComponent(anchor)) ? undefined : `has no heading #${anchor}`;
}

describe("documentation links", () => {
  it("finds the documents and their links", () => {
    expect(FILES).toEqual(expect.arrayContaining(["README.md", "sdk/README.md", "docs/design.md"]));
    const links = FILES.flatMap((f) => markdownLinks(readFileSync(join(ROOT, f), "utf8")));
    expect(links.length).toBeGreaterThan(20);
  });

  it.each(FILES)("%s: every relative link resolves inside the repository", (file) => {
    const broken = markdownLinks(readFileSync(join(ROOT, file), "utf8")).flatMap(
      ({ target, line }) => {
        const why = problem(file, target);
        return why ? [`${file}:${line} ${target} ${why}`] : [];
      },
    );
    expect(broken).toEqual([]);
  });

  it.each(FILES)("%s: names no path outside the repository", (file) => {
    // A path in backticks is read as one to open, link or not.
    const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
    const outside = lines.flatMap((text, i) =>
      /\.\.\/shared\//.test(text) ? [`${file}:${i + 1} ${text.trim()}`] : [],
    );
    expect(outside).toEqual([]);
  });
});
