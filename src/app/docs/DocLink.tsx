import { createContext, useContext, type ReactNode } from 'react';
import { DOC_CITATION, type DocRef, docLabel, resolveDocHref } from './pages';

/** Opens a docs page (and section) in the lab's reader. */
export const OpenDocContext = createContext<(ref: DocRef) => void>(() => undefined);

/** A link to a docs page, opened in the reader beside the lab; labelled "Page › Section" unless given text. */
export function DocLink({ to, children }: { to: DocRef; children?: ReactNode }) {
  const open = useContext(OpenDocContext);
  const label = docLabel(to);
  return (
    <button
      type="button"
      className="doc-link"
      onClick={() => open(to)}
      title={`Open “${label}” in the methods reader`}
      data-testid="doc-link"
      data-doc={to.anchor ? `${to.page}#${to.anchor}` : to.page}
    >
      {children ?? label}
    </button>
  );
}

/** A help text whose cited pages ("docs/methods/awp.md#the-update") become links to the reader. */
export function DocText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(DOC_CITATION)) {
    const ref = resolveDocHref(m[0]);
    if (!ref) continue;
    parts.push(text.slice(last, m.index), <DocLink key={m.index} to={ref} />);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
