/** One link of a markdown file, as written: `[text](target)`. */
export interface MarkdownLink {
  target: string;
  line: number;
}

/** Blanks fenced code blocks, keeping line numbers: `# x` or `[a](b)` there is code. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, (block) => block.replace(/[^\n]/g, " "));
}

/** Blanks inline code too: `[a](b)` inside backticks is not a link. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, (code) => " ".repeat(code.length));
}

/** Every inline link and image of `markdown` (reference-style links are not used here). */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const text = withoutCode(markdown);
  const links: MarkdownLink[] = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const line = text.slice(0, match.index).split("\n").length;
    links.push({ target: match[1] ?? "", line });
  }
  return links;
}

/**
 * The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces to `-`,
 * a repeated heading suffixed `-1`, `-2`, …
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const raw = (match[1] ?? "").replace(/`/g, "");
    const slug = raw
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}
