import { createContext, useContext, type ReactNode } from 'react';
import { type DocRef, docLabel } from './pages';

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
