import { useState } from 'react';
import { ANALYSIS_LABELS } from '../../core/analysis/analysis-ids';
import type { RunView } from '../store/runs';
import { instability, shownStatus } from '../store/status';

interface Seen {
  runId: number | null;
  status: string;
  analyses: number;
}

/** Analysis names by id (records may carry ids this build does not know). */
const LABELS = new Map<string, string>(Object.entries(ANALYSIS_LABELS));

const pct = (v: number | undefined) => (v === undefined ? '' : `; test accuracy ${(v * 100).toFixed(1)}%`);

/** What changed between two looks at the shown run that a screen reader should hear, or null. */
function announcement(before: Seen, run: RunView): string | null {
  const status = shownStatus(run);
  const last = run.history[run.history.length - 1];
  // From training (or ready, paused: a short run can start and end between two renders) to its end.
  const trained = ['idle', 'running', 'paused'].includes(before.status);
  if (before.runId === run.id && trained && status !== before.status) {
    if (status === 'done') return `Training finished after ${last?.epoch ?? 0} epochs${pct(last?.testAcc)}.`;
    if (status === 'unstable')
      return `Training ended unstable: ${instability(run)?.reason}. Try a smaller learning rate.`;
    if (status === 'diverged')
      return `Training diverged in epoch ${run.diverged?.epoch ?? '?'} and was paused.`;
  }
  if (before.runId === run.id && run.analyses.length > before.analyses && status !== 'running') {
    const id = run.analyses[run.analyses.length - 1].id;
    return `Analysis done: ${LABELS.get(id) ?? id}.`;
  }
  return null;
}

/**
 * A polite live region (visually hidden) that says when training finished, diverged or ended unstable, and
 * when an analysis is done; the read-outs themselves change too often to be announced.
 */
export function LiveStatus({ run }: { run: RunView | null }) {
  // The last few announcements, oldest first: a new one is added (and read), earlier ones stay a moment so
  // that "finished" is not lost when an analysis reports right after it.
  const [messages, setMessages] = useState<{ id: number; text: string }[]>([]);
  const now: Seen = { runId: run?.id ?? null, status: shownStatus(run), analyses: run?.analyses.length ?? 0 };
  const [seen, setSeen] = useState<Seen>(now);
  if (seen.runId !== now.runId || seen.status !== now.status || seen.analyses !== now.analyses) {
    setSeen(now);
    const said = run ? announcement(seen, run) : null;
    if (said) setMessages((list) => [...list.slice(-2), { id: (list.at(-1)?.id ?? 0) + 1, text: said }]);
  }
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="live-status">
      {messages.map((m) => (
        <p key={m.id}>{m.text}</p>
      ))}
    </div>
  );
}
