/**
 * Where the model computes, said for people ("Running on your CPU (fast for small models)"); the backend's
 * name, why it was chosen and what was skipped on hover and for screen readers.
 */
import type { BackendName } from '../../worker/protocol';
import type { RunView } from '../store/runs';
import './BackendSummary.css';

const PLAIN: Record<BackendName, string> = {
  wasm: 'Running on your CPU (fast for small models)',
  cpu: 'Running on your CPU, plain JavaScript (slow; tiny models only)',
  webgl: 'Running on your graphics card (WebGL)',
  webgpu: 'Running on your graphics card (WebGPU)',
};

export function BackendSummary({ run }: { run: RunView | null }) {
  const b = run?.backend;
  const reason = b
    ? [b.reason, ...b.skipped.slice(1).map((s) => `${s.name}: ${s.why}`)].join(' · ')
    : run?.status === 'failed'
      ? 'no backend'
      : 'choosing where to compute…';
  const fallback = b && b.requested !== 'auto' && b.requested !== b.name;
  const plain = b
    ? b.softwareAdapter
      ? 'Running on a software graphics card (slow)'
      : PLAIN[b.name]
    : run?.status === 'failed'
      ? 'Could not start computing'
      : 'Starting…';
  const workers = b?.landscapeWorkers ?? 1;
  // e.g. "wasm · 1 thread + 1 landscape worker": how many cores the CPU backends keep busy.
  const cores = b && (b.name === 'wasm' || b.name === 'cpu') ? computeLine(b.threads ?? 1, workers) : '';
  const detail = b ? `${b.name}${cores ? ` · ${cores}` : ''}: ${reason}` : reason;
  return (
    <div className={`backend${fallback ? ' backend-fallback' : ''}`} title={detail}>
      <span
        className="backend-plain"
        data-testid="backend-badge"
        data-backend={b?.name ?? ''}
        data-threads={b?.threads ?? ''}
        data-landscape-workers={b ? workers : ''}
      >
        {plain}
        {workers > 1 ? ` · landscapes on ${workers} cores` : ''}
      </span>
      <span className="visually-hidden" data-testid="backend-reason">
        {reason}
        {workers > 1 ? ` · a landscape's points are shared among ${workers} CPU workers at once` : ''}
      </span>
    </div>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The threads training uses and the extra workers that share a landscape's points. */
function computeLine(threads: number, workers: number): string {
  const extra = workers - 1;
  return `${plural(threads, 'thread')}${extra > 0 ? ` + ${plural(extra, 'landscape worker')}` : ''}`;
}
