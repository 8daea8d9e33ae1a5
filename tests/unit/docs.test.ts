import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_CITATION, DOC_PAGES, readableCitations, resolveDocHref } from '../../src/app/docs/pages';
import { renderDoc } from '../../src/app/docs/render';
import { pageHeadings, slugify } from '../../src/app/docs/slug';

const ROOT = normalize(join(__dirname, '../..'));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every file under the given folders (and the given files) with one of the extensions. */
function files(roots: string[], exts: RegExp): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const full = join(ROOT, path);
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full)) if (name !== 'node_modules') walk(join(path, name));
    } else if (exts.test(path)) out.push(path);
  };
  roots.forEach(walk);
  return out;
}

const anchorsOf = (path: string) => new Set(pageHeadings(read(path)).map((h) => h.anchor));

describe('docs pages', () => {
  it("the lab knows every page in docs/methods, and each page's sections as the file has them", () => {
    const onDisk = readdirSync(join(ROOT, 'docs/methods')).map((f) => `docs/methods/${f}`);
    const known = Object.values(DOC_PAGES).map((p) => p.path);
    expect(known.filter((p) => p.startsWith('docs/methods/')).sort()).toEqual(onDisk.sort());
    for (const page of Object.values(DOC_PAGES)) {
      const headings = pageHeadings(read(page.path));
      expect(Object.entries(page.sections), page.path).toEqual(headings.map((h) => [h.anchor, h.text]));
    }
  });

  it('anchors are made as on GitHub', () => {
    expect(slugify('PGD (L-inf)')).toBe('pgd-l-inf');
    expect(slugify('R&G score')).toBe('rg-score');
    expect(slugify('1-D curves')).toBe('1-d-curves');
    expect(slugify('Commands in, events out')).toBe('commands-in-events-out');
    expect(pageHeadings('## A\n\n```\n## not a heading\n```\n\n## A').map((h) => h.anchor)).toEqual([
      'a',
      'a-1',
    ]);
  });

  it('every citation of a docs page in the code, tests, benches, scripts and docs names a page and section that exist', () => {
    const sources = files(['src', 'tests', 'bench', 'scripts', 'docs', 'README.md'], /\.(ts|tsx|mjs|md)$/);
    const broken: string[] = [];
    let count = 0;
    for (const path of sources) {
      for (const m of read(path).matchAll(DOC_CITATION)) {
        count++;
        const [file, anchor] = m[0].split('#');
        if (!existsSync(join(ROOT, file))) broken.push(`${path}: ${m[0]} (no such file)`);
        else if (anchor && !anchorsOf(file).has(anchor)) broken.push(`${path}: ${m[0]} (no such section)`);
      }
    }
    expect(broken).toEqual([]);
    expect(count).toBeGreaterThan(200);
  });

  it('every link inside the docs pages reaches an existing file, and section', () => {
    const broken: string[] = [];
    for (const page of files(['docs'], /\.md$/)) {
      for (const m of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = m[1];
        if (/^https?:/.test(href)) continue;
        const [path, anchor] = href.split('#');
        const target = path ? relative(ROOT, join(ROOT, dirname(page), path)) : page;
        if (!existsSync(join(ROOT, target))) broken.push(`${page}: ${href}`);
        else if (anchor && !anchorsOf(target).has(anchor)) broken.push(`${page}: ${href} (no such section)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('resolves citations and links between pages to the reader', () => {
    expect(resolveDocHref('docs/methods/awp.md#the-update')).toEqual({ page: 'awp', anchor: 'the-update' });
    expect(resolveDocHref('docs/engine-notes.md')).toEqual({ page: 'engine-notes' });
    expect(resolveDocHref('landscapes.md#sharpness', 'awp')).toEqual({
      page: 'landscapes',
      anchor: 'sharpness',
    });
    expect(resolveDocHref('../engine-notes.md#seeds', 'lsa')).toEqual({
      page: 'engine-notes',
      anchor: 'seeds',
    });
    expect(resolveDocHref('methods/lsa.md', 'engine-notes')).toEqual({ page: 'lsa' });
    expect(resolveDocHref('#defaults', 'attacks')).toEqual({ page: 'attacks', anchor: 'defaults' });
    expect(resolveDocHref('../../src/core/train/awp.ts', 'awp')).toBeNull();
    expect(resolveDocHref('docs/run-bundle.md')).toBeNull();
    expect(readableCitations('γ (docs/methods/awp.md#the-update [V-code])')).toBe(
      'γ (see Methods: AWP › The update [V-code])',
    );
  });

  it('renders every page: anchors on the headings, all math typeset, no KaTeX error', () => {
    for (const page of Object.values(DOC_PAGES)) {
      const html = renderDoc(read(page.path), page.id);
      for (const anchor of Object.keys(page.sections)) expect(html, page.path).toContain(`id="${anchor}"`);
      expect(html, page.path).not.toContain('katex-error');
      // Every $ of the source became math: none is left in the text (KaTeX keeps the TeX in <annotation>).
      expect(html.replace(/<annotation[\s\S]*?<\/annotation>/g, ''), page.path).not.toMatch(/\$/);
    }
    const awp = renderDoc(read('docs/methods/awp.md'), 'awp');
    expect(awp).toMatch(/class="katex-display"/);
    expect(awp).toContain('<annotation encoding="application/x-tex">v_l = \\gamma\\, \\lVert w_l \\rVert');
    expect(awp).toContain('data-doc-page="attacks" data-doc-anchor="pgd-l-inf"');
    expect(awp).toMatch(/<blockquote class="doc-assumption"><p><strong>Our assumption<\/strong>/);
  });
});
