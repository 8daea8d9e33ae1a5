/**
 * Small controls the landscape-family panels share: the log-scale switch, the "Compute now" button with
 * the progress of the running computation, the note for runs without snapshots of earlier epochs, and the
 * folded table of a figure's numbers.
 */
import type { ReactNode } from 'react';
import { Folded } from '../Folded';
import type { RunView } from '../../store/runs';
import type { Computation } from './hooks';

export function LogScaleToggle(props: { log: boolean; onLog(log: boolean): void; testId?: string }) {
  return (
    <label className="checkbox-inline">
      <input
        type="checkbox"
        checked={props.log}
        onChange={(e) => props.onLog(e.target.checked)}
        data-testid={props.testId}
      />
      log scale
    </label>
  );
}

/** "Compute now" (disabled while the engine is busy or `enabled` is false) and the progress bar. */
export function ComputeButton(props: {
  computation: Computation;
  enabled: boolean;
  onCompute(): void;
  /** The running computation's progress, 0…1, or null when none runs. */
  fraction: number | null;
  title: string;
  testId: string;
}) {
  const { computation, enabled, onCompute, fraction, title, testId } = props;
  return (
    <>
      <button
        type="button"
        disabled={!computation.ready || computation.busy || !enabled}
        onClick={onCompute}
        data-testid={testId}
        title={title}
      >
        {computation.busy ? 'Computing…' : 'Compute now'}
      </button>
      {fraction !== null && (
        <progress className="landscape-progress" max={1} value={fraction} aria-label="Progress" />
      )}
    </>
  );
}

/** Whether the run keeps snapshots of earlier epochs this session can read (a live run that records them). */
export const hasSnapshots = (run: RunView) => run.config.training.snapshots && run.source === 'live';

/** Why there is nothing to compute without snapshots; `liveHint` for a live run that does not keep them. */
export function NoSnapshotsNote({ run, liveHint }: { run: RunView; liveHint: string }) {
  if (hasSnapshots(run)) return null;
  return (
    <p className="landscape-note">
      {run.source === 'bundle' ? 'A run opened from a file has no snapshots of earlier epochs.' : liveHint}
    </p>
  );
}

/** A figure's numbers as a table, folded under `summary`, in the scrolling box of the landscape family. */
export function FoldedTable(props: { summary: string; caption: ReactNode; children: ReactNode }) {
  return (
    <Folded summary={props.summary}>
      <div className="landscape-table">
        <table>
          <caption>{props.caption}</caption>
          {props.children}
        </table>
      </div>
    </Folded>
  );
}
