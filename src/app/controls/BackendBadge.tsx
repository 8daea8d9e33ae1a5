import type { RunView } from '../store/runs';

/** The backend in use, with why (auto's reasoning or the fallback chain), always visible. */
export function BackendBadge({ run }: { run: RunView | null }) {
  const b = run?.backend;
  const reason = b
    ? [b.reason, ...b.skipped.slice(1).map((s) => `${s.name}: ${s.why}`)].join(' · ')
    : run?.status === 'failed'
      ? 'no backend'
      : 'choosing a backend…';
  const fallback = b && b.requested !== 'auto' && b.requested !== b.name;
  return (
    <div className={`backend${fallback ? ' backend-fallback' : ''}`}>
      <span
        className="badge"
        data-testid="backend-badge"
        data-backend={b?.name ?? ''}
        data-threads={b?.threads ?? ''}
        title={reason}
      >
        {b ? b.name : '…'}
        {b?.threads && b.threads > 1 ? ` ×${b.threads}` : ''}
      </span>
      <span className="backend-reason" data-testid="backend-reason">
        {reason}
      </span>
    </div>
  );
}
