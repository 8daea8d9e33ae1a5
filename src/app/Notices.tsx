import type { RunView } from './store/runs';
import type { LabActions } from './panels/types';
import { instability } from './store/status';

export interface BannerState {
  tone: 'warn' | 'error' | 'info';
  title: string;
  items: string[];
  /** The link exactly as it arrived, before the lab rewrote the address: shown on request. */
  received?: string;
}

/** The banner of an opened link (null for a clean one): what was ignored or repaired, and the link as it came. */
export function linkBanner(warnings: string[], received?: string): BannerState | null {
  return warnings.length
    ? {
        tone: 'warn',
        title: 'Parts of this link could not be used as they are. Nothing was run; here is what changed:',
        items: warnings,
        received,
      }
    : null;
}

/** A message above the lab: what was ignored in an opened link and what is used instead, or a file's fate. */
export function Banner({
  banner,
  onClose,
  testId = 'banner',
}: {
  banner: BannerState;
  onClose(): void;
  testId?: string;
}) {
  return (
    <div
      className={`banner banner-${banner.tone}`}
      role={banner.tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="banner-body">
        <strong>{banner.title}</strong>
        {banner.items.length > 0 && (
          <ul>
            {banner.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        )}
        {banner.received && (
          <details className="received" data-testid="link-received">
            <summary>Show the link as received</summary>
            <input
              readOnly
              value={banner.received}
              aria-label="The link as received"
              onFocus={(e) => e.target.select()}
            />
          </details>
        )}
      </div>
      <button type="button" className="small" onClick={onClose} aria-label="Dismiss this message">
        ✕
      </button>
    </div>
  );
}

/** A learning rate ten times smaller, as people write it. */
const lowerLr = (lr: number) => Number(Math.max(lr / 10, 1e-6).toPrecision(3));

/** Divergence: what happened, what to try, and the one-click restore. */
export function DivergenceNotice({ run, actions }: { run: RunView; actions: LabActions }) {
  const d = run.diverged;
  if (!d) return null;
  const { optimizer, training, model } = run.config;
  const lower = lowerLr(optimizer.lr);
  const tips = [`a learning rate ten times smaller (${lower} instead of ${optimizer.lr})`];
  if (optimizer.kind === 'sgd' && optimizer.momentum > 0.9)
    tips.push(`less momentum (0.9 instead of ${optimizer.momentum})`);
  if (training.batchSize < 16)
    tips.push(`a larger batch (now ${training.batchSize}), which makes each step less erratic`);
  if (model.kind === 'mlp' && model.activation === 'relu' && model.hidden.length > 2)
    tips.push('tanh instead of relu');
  return (
    <div className="banner banner-error" role="alert" data-testid="divergence">
      <div className="banner-body">
        <strong>Training diverged in epoch {d.epoch} and was paused.</strong>
        <p>
          {capitalise(d.reason)}: the steps were too large for this loss surface, so the weights ran off
          towards infinity and the numbers stopped meaning anything. Try {tips.join('; or ')}.
        </p>
        <div className="banner-actions">
          <button
            type="button"
            className="primary"
            onClick={actions.restoreLastFinite}
            data-testid="restore-finite"
          >
            Restore the weights after epoch {d.lastFiniteEpoch}
          </button>
          <LowerLrButton actions={actions} lr={lower} testId="restart-lower-lr" />
        </div>
      </div>
    </div>
  );
}

/** A fresh run of the same configuration with a smaller learning rate. */
function LowerLrButton({ actions, lr, testId }: { actions: LabActions; lr: number; testId: string }) {
  return (
    <button
      type="button"
      onClick={() => actions.restartWith((c) => ({ ...c, optimizer: { ...c.optimizer, lr } }))}
      data-testid={testId}
    >
      Start over with learning rate {lr}
    </button>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A run that trained all its epochs but ended far from its best loss: say so, and offer a smaller step. */
export function UnstableNotice({ run, actions }: { run: RunView; actions: LabActions }) {
  const why = instability(run);
  if (!why) return null;
  const lower = lowerLr(run.config.optimizer.lr);
  return (
    <div className="banner banner-warn" role="status" data-testid="unstable">
      <div className="banner-body">
        <strong>Unstable: the loss went up; try a smaller learning rate.</strong>
        <p>
          Training ran all {run.history.length} epochs, but {why.reason}. The steps were too large to settle
          into a valley: the model you see is not the best one this run passed through.
        </p>
        <div className="banner-actions">
          <LowerLrButton actions={actions} lr={lower} testId="unstable-lower-lr" />
        </div>
      </div>
    </div>
  );
}

export function RunErrors({ run }: { run: RunView }) {
  if (!run.errors.length && !run.notices.length) return null;
  return (
    <>
      {run.errors.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="run-error">
          <div className="banner-body">
            <strong>Something went wrong in the engine.</strong>
            <ul>
              {run.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {run.notices.map((n, i) => (
        <div key={i} className="banner banner-info" role="status" data-testid="run-notice">
          <div className="banner-body">{n}</div>
        </div>
      ))}
    </>
  );
}
