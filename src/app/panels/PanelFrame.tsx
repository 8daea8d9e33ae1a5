import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { DocLink } from '../docs/DocLink';
import type { DocRef } from '../docs/pages';
import { ErrorBoundary } from '../ErrorBoundary';
import { testHooks } from '../test-hooks';
import { useHighlighted } from './highlight';
import type { Exporters } from './types';

const ExportContext = createContext<(e: Exporters | null) => void>(() => undefined);

/** Registers the current panel's download actions (PNG / SVG / CSV) with its frame. */
export function usePanelExports(exporters: Exporters | null): void {
  const set = useContext(ExportContext);
  useEffect(() => {
    set(exporters);
    return () => set(null);
  }, [set, exporters]);
}

/** Fails when the journeys' test hook asks this panel to (only with `?test-hooks`; nothing otherwise). */
function FailOnRequest({ id }: { id: string }) {
  if (testHooks()?.failPanel === id) throw new Error(`the test hook asked the panel “${id}” to fail`);
  return null;
}

/**
 * The common frame of a panel: title, downloads, "how to read this" with its docs page, stable test id. Its
 * contents sit in an error boundary: a panel that fails says so and can be reset, and the title, help and
 * every other panel stay.
 */
export function PanelFrame(props: {
  id: string;
  title: string;
  help: ReactNode;
  doc: DocRef;
  /** The run shown: a new one gives a failed panel a fresh start. */
  resetKey?: unknown;
  children: ReactNode;
}) {
  const [exporters, setExporters] = useState<Exporters | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const headingId = `panel-${props.id}-title`;
  const highlighted = useHighlighted(props.id);
  const run = (kind: keyof Exporters) => async () => {
    try {
      setMessage(null);
      await exporters?.[kind]?.();
    } catch (err) {
      setMessage(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <section
      className={highlighted ? 'panel panel-highlighted' : 'panel'}
      data-testid={`panel-${props.id}`}
      data-highlighted={highlighted || undefined}
      aria-labelledby={headingId}
    >
      <header className="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {exporters && (
          <div className="panel-exports" role="group" aria-label={`Download ${props.title}`}>
            {(['png', 'svg', 'csv'] as const)
              .filter((k) => exporters[k])
              .map((k) => (
                <button
                  key={k}
                  type="button"
                  className="small"
                  onClick={run(k)}
                  data-testid={`export-${props.id}-${k}`}
                  title={`Download as ${k.toUpperCase()}`}
                >
                  {k.toUpperCase()}
                </button>
              ))}
          </div>
        )}
      </header>
      <ExportContext.Provider value={setExporters}>
        <ErrorBoundary what={`The panel “${props.title}”`} id={props.id} resetKey={props.resetKey}>
          <FailOnRequest id={props.id} />
          {props.children}
        </ErrorBoundary>
      </ExportContext.Provider>
      {message && <p className="panel-message">{message}</p>}
      <details className="help">
        <summary>How to read this</summary>
        <div>{props.help}</div>
        <p className="doc-more">
          The method behind it, with its equations and defaults: <DocLink to={props.doc} />
        </p>
      </details>
    </section>
  );
}
