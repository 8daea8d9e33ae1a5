import { type ReactNode, useState } from 'react';

/**
 * A folded section (<details>) whose content is rendered only while it is open: a closed table costs
 * nothing when its panel redraws (every epoch while training, every refinement of a landscape).
 */
export function Folded(props: { summary: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="table-alt" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{props.summary}</summary>
      {open && props.children}
    </details>
  );
}
