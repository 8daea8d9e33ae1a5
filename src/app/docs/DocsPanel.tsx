/**
 * The methods reader: a docs page rendered beside the lab, with typeset math, so a student reads the AWP
 * update rule next to the figure it drives. Loaded lazily with its renderer (marked, KaTeX and KaTeX's
 * fonts stay out of the initial bundle); each page's markdown is its own lazy chunk.
 */
import 'katex/dist/katex.min.css';
import './docs.css';
import { useEffect, useRef, useState } from 'react';
import { DOC_PAGES, DOC_PAGE_IDS, type DocPageId, type DocRef } from './pages';
import { renderDoc } from './render';

type Loaded = { page: DocPageId; html: string } | { page: DocPageId; error: string };

export default function DocsPanel(props: { at: DocRef; onNavigate(ref: DocRef): void; onClose(): void }) {
  const { at, onNavigate, onClose } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    DOC_PAGES[at.page].load().then(
      (markdown) => live && setLoaded({ page: at.page, html: renderDoc(markdown, at.page) }),
      (err: unknown) => live && setLoaded({ page: at.page, error: String(err) }),
    );
    return () => {
      live = false;
    };
  }, [at.page]);

  const ready = loaded?.page === at.page && 'html' in loaded;
  // Scroll to the section (or the top) once the page is there, and whenever the link changes.
  useEffect(() => {
    if (!ready || !body.current) return;
    const target = at.anchor ? body.current.querySelector(`[id="${CSS.escape(at.anchor)}"]`) : null;
    if (target) target.scrollIntoView({ block: 'start' });
    else body.current.scrollTop = 0;
  }, [ready, at]);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const page = DOC_PAGES[at.page];
  return (
    <aside className="docs" aria-labelledby="docs-title" data-testid="docs" data-page={at.page}>
      <header className="docs-head">
        <h2 id="docs-title" tabIndex={-1} ref={heading}>
          Methods
        </h2>
        <select
          aria-label="Page"
          value={at.page}
          onChange={(e) => onNavigate({ page: e.target.value as DocPageId })}
          data-testid="docs-page"
        >
          {DOC_PAGE_IDS.map((id) => (
            <option key={id} value={id}>
              {DOC_PAGES[id].title}
            </option>
          ))}
        </select>
        <button type="button" className="small" onClick={onClose} aria-label="Close the methods reader">
          ✕
        </button>
      </header>
      <div
        className="docs-body"
        ref={body}
        data-testid="docs-body"
        data-ready={ready || undefined}
        onClick={(e) => {
          const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a.doc-internal');
          if (!link) return;
          e.preventDefault();
          const anchor = link.dataset.docAnchor;
          onNavigate({ page: link.dataset.docPage as DocPageId, ...(anchor ? { anchor } : {}) });
        }}
      >
        {!loaded || loaded.page !== at.page ? (
          <p className="docs-status">Loading {page.title}…</p>
        ) : 'error' in loaded ? (
          <p className="docs-status">
            {page.title} could not be loaded: {loaded.error}
          </p>
        ) : (
          <article className="doc" dangerouslySetInnerHTML={{ __html: loaded.html }} />
        )}
        <p className="docs-source">
          This page is <code>{page.path}</code> in Basin&apos;s repository.
        </p>
      </div>
    </aside>
  );
}
