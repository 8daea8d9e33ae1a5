/** The picture (first screen) and, below it, the run's other panels grouped by the question they answer. */
import type { ReactNode } from 'react';
import { type LabContext, LabPanel } from './LabPanel';
import { groupPanels } from './panel-groups';
import './Questions.css';

export function Picture({
  lab,
  hidden,
  children,
}: {
  lab: LabContext;
  hidden: ReadonlySet<string>;
  children?: ReactNode;
}) {
  const { picture } = groupPanels(lab.run);
  const shown = picture.filter((p) => !hidden.has(p.id));
  return (
    <section className="picture" data-testid="picture" aria-label="The picture: data, training and landscape">
      {children}
      <div className="picture-panels" data-count={shown.length}>
        {shown.map((p) => (
          <LabPanel key={p.id} panel={p} lab={lab} />
        ))}
      </div>
    </section>
  );
}

export function Questions({ lab, hidden }: { lab: LabContext; hidden: ReadonlySet<string> }) {
  const sections = groupPanels(lab.run)
    .sections.map((s) => ({ ...s, panels: s.panels.filter((p) => !hidden.has(p.id)) }))
    .filter((s) => s.panels.length && !hidden.has(s.q.id));
  if (!sections.length) return null;
  return (
    <main id="lab-panels" className="questions" tabIndex={-1} aria-label="Figures">
      <nav className="question-nav" aria-label="Questions">
        {sections.map(({ q }) => (
          <a key={q.id} href={`#q-${q.id}`} onClick={jump(q.id)}>
            {q.question}
          </a>
        ))}
      </nav>
      {sections.map(({ q, panels }) => (
        <section
          key={q.id}
          id={`q-${q.id}`}
          className="question"
          data-testid={`question-${q.id}`}
          aria-labelledby={`q-${q.id}-title`}
        >
          <header className="question-head">
            <h2 id={`q-${q.id}-title`}>{q.question}</h2>
            {q.answer && <p className="muted">{q.answer}</p>}
          </header>
          <div className="question-panels">
            {panels.map((p) => (
              <LabPanel key={p.id} panel={p} lab={lab} />
            ))}
          </div>
        </section>
      ))}
    </main>
  );
}

/** Scrolls to a question without touching the address (the hash holds the settings). */
const jump = (id: string) => (e: { preventDefault(): void }) => {
  e.preventDefault();
  document.getElementById(`q-${id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
};
