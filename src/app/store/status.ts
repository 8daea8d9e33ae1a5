/**
 * The status a run is shown with: the engine's, except that a run that trained all its epochs but ended far
 * from its best loss is "unstable", not "finished" (core/train/stability.ts).
 */
import { type Instability, assessStability } from '../../core/train/stability';
import type { RunStatus, RunView } from './runs';

export type ShownStatus = RunStatus | 'unstable';

/** Why a finished run is unstable, or null. Loaded runs are judged on their recorded history too. */
export function instability(run: RunView): Instability | null {
  if (run.status !== 'done') return null;
  return assessStability(
    run.history.map((m) => m.trainLoss),
    run.initial?.trainLoss,
  );
}

export const shownStatus = (run: RunView | null): ShownStatus =>
  !run ? 'creating' : instability(run) ? 'unstable' : run.status;

export const STATUS_TEXT: Record<ShownStatus, string> = {
  creating: 'preparing…',
  idle: 'ready',
  running: 'training',
  paused: 'paused',
  done: 'finished',
  unstable: 'unstable',
  diverged: 'diverged',
  failed: 'failed',
};
