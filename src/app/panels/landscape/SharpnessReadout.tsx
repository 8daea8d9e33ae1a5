/**
 * Sharpness numbers beside a picture, so the eye is not the only judge: the largest loss
 * rise within radius r along the drawn directions (from the picture's own result) and the top Hessian
 * eigenvalue of the same epoch (the `sharpness` analysis, on demand). Both come from the engine.
 */
import type { MaxRise, SharpnessResult } from '../../../core/analysis/sharpness';
import type { RunView } from '../../store/runs';
import type { LabActions } from '../types';
import { useComputation } from './hooks';
import { currentEpoch, fmt, progressOf, recordsOf } from './records';
import { type LandscapeUiSettings, sharpnessRequest } from './settings';

export function SharpnessReadout(props: {
  run: RunView;
  actions: LabActions;
  /** The epoch of the picture the numbers stand beside. */
  epoch: number | null;
  /** Rise within r per split, from the picture's result (null where the picture has none). */
  rises: { split: string; maxRise: MaxRise }[] | null;
  /** What the rise is measured along, e.g. "d₁, d₂". */
  along: string;
  settings: LandscapeUiSettings;
  testId: string;
  visible: boolean;
}) {
  const { run, actions, epoch, rises, along, settings, testId, visible } = props;
  const hessians = recordsOf<SharpnessResult>(run, 'sharpness');
  const hessian = [...hessians].reverse().find((r) => r.epoch === epoch)?.result.hessian;
  const computation = useComputation({
    run,
    actions,
    id: 'sharpness',
    visible,
    auto: null,
    hasResultAt: () => false,
  });
  const progress = progressOf(run, 'sharpness');
  const atCurrent = epoch === currentEpoch(run);
  return (
    <dl className="sharpness" data-testid={testId}>
      {rises?.map(({ split, maxRise }) => (
        <div key={split} className="sharpness-item">
          <dt>
            Largest loss rise within r = {fmt(maxRise.radius, 2)} ({split}, along {along})
          </dt>
          <dd data-testid={`${testId}-rise-${split}`} data-value={String(maxRise.rise)}>
            {Number.isFinite(maxRise.rise)
              ? `${maxRise.rise >= 0 ? '+' : ''}${fmt(maxRise.rise)} at (${fmt(maxRise.alpha, 2)}${Number.isFinite(maxRise.beta) && along.includes(',') ? `, ${fmt(maxRise.beta, 2)}` : ''})`
              : '–'}
          </dd>
        </div>
      ))}
      <div className="sharpness-item">
        <dt>Top Hessian eigenvalue λ_max (any direction)</dt>
        <dd data-testid={`${testId}-hessian`} data-value={hessian ? String(hessian.eigenvalue) : ''}>
          {hessian ? (
            <>
              ≈ {fmt(hessian.eigenvalue, 3)}{' '}
              <span className="landscape-note">
                ({hessian.split}, {hessian.subset} examples, {hessian.iterations} power iterations
                {hessian.converged ? '' : ', not converged'})
              </span>
            </>
          ) : progress ? (
            `estimating… ${Math.round(progress.fraction * 100)}%`
          ) : (
            <button
              type="button"
              className="small"
              disabled={!computation.ready || computation.busy || !atCurrent}
              onClick={() => computation.compute(sharpnessRequest(settings))}
              data-testid={`${testId}-hessian-compute`}
              title={
                atCurrent
                  ? 'Power iteration on Hessian-vector products at the current weights'
                  : 'Only the current weights can be measured: move the slider to the latest epoch'
              }
            >
              Estimate
            </button>
          )}
        </dd>
      </div>
    </dl>
  );
}
