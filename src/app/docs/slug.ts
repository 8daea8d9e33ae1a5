/**
 * Heading anchors as GitHub makes them, so that a link like `docs/methods/awp.md#the-update` works on
 * GitHub and in the lab alike: lower case, punctuation dropped, spaces to hyphens, and "-1", "-2", … for
 * repeated headings of one page.
 */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** One page's anchors: repeated headings get "-1", "-2", … as on GitHub. */
export function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = slugify(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
}

/** The plain text of a markdown heading: code spans, emphasis and link targets dropped. */
function headingText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .trim();
}

/** Every heading (levels 2 and 3) of a markdown page with its anchor, in order; fenced code is skipped. */
export function pageHeadings(markdown: string): { level: number; text: string; anchor: string }[] {
  const slug = createSlugger();
  const out: { level: number; text: string; anchor: string }[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = headingText(m[2]);
    const anchor = slug(text);
    if (m[1].length === 2 || m[1].length === 3) out.push({ level: m[1].length, text, anchor });
  }
  return out;
}
