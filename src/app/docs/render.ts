/**
 * Markdown → HTML for the docs reader: `marked` for the markdown, KaTeX for `$…$` and `$$…$$` math, heading
 * anchors as on GitHub, links between pages turned into reader links, links to source files shown as plain
 * text (the lab has no copy of the source), and "Our assumption" notes marked for their own style. The pages
 * are the repository's own files, bundled at build time, so their HTML is trusted.
 */
import katex from 'katex';
import { Marked, type Tokens } from 'marked';
import { type DocPageId, resolveDocHref } from './pages';
import { createSlugger } from './slug';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function math(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex.trim(), { displayMode, throwOnError: false, output: 'htmlAndMathml' });
}

interface MathToken extends Tokens.Generic {
  text: string;
  display: boolean;
}

const BLOCK_MATH = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/;
const INLINE_MATH = /^\$\$([\s\S]+?)\$\$|^\$((?:\\[\s\S]|[^\\$])+?)\$/;

/** Renders one page of markdown; `page` resolves its relative links. */
export function renderDoc(markdown: string, page: DocPageId): string {
  const slug = createSlugger();
  const marked = new Marked({
    gfm: true,
    extensions: [
      {
        name: 'blockMath',
        level: 'block',
        start: (src) => src.match(/^\s*\$\$/m)?.index,
        tokenizer(src) {
          const m = BLOCK_MATH.exec(src);
          return m ? { type: 'blockMath', raw: m[0], text: m[1], display: true } : undefined;
        },
        renderer: (token) => `<div class="doc-math">${math((token as MathToken).text, true)}</div>`,
      },
      {
        name: 'inlineMath',
        level: 'inline',
        start: (src) => src.indexOf('$'),
        tokenizer(src) {
          const m = INLINE_MATH.exec(src);
          if (!m) return undefined;
          const display = m[1] !== undefined;
          return { type: 'inlineMath', raw: m[0], text: display ? m[1] : m[2], display };
        },
        renderer: (token) => {
          const t = token as MathToken;
          return t.display ? `<span class="doc-math">${math(t.text, true)}</span>` : math(t.text, false);
        },
      },
    ],
    renderer: {
      heading({ tokens, depth, text }) {
        const id = slug(text.replace(/[`*_]/g, ''));
        return `<h${depth} id="${escapeAttr(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        if (/^https?:\/\//.test(href))
          return `<a href="${escapeAttr(href)}" target="_blank" rel="noopener noreferrer"${title ? ` title="${escapeAttr(title)}"` : ''}>${inner}</a>`;
        const ref = resolveDocHref(href, page);
        if (ref)
          return `<a href="#" class="doc-internal" data-doc-page="${ref.page}"${ref.anchor ? ` data-doc-anchor="${escapeAttr(ref.anchor)}"` : ''}>${inner}</a>`;
        return `<span class="doc-source" title="In the repository">${inner}</span>`;
      },
      blockquote({ tokens }) {
        const body = this.parser.parse(tokens);
        const assumption = /^<p><strong>Our assumption<\/strong>/.test(body.trim());
        return `<blockquote class="${assumption ? 'doc-assumption' : 'doc-note'}">${body}</blockquote>\n`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}
