import type { ReactNode } from 'react';
import type { RunView } from './store/runs';
import type { LabActions } from './panels/types';

export interface BannerState {
  tone: 'warn' | 'error' | 'info';
  title: string;
  items: string[];
}

/** The link banner: what was ignored in an opened link and what is used instead. */
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
      </div>
      <button type="button" className="small" onClick={onClose} aria-label="Dismiss this message">
        ✕
      </button>
    </div>
  );
}

/** Divergence: what happened, what to try, and the one-click restore. */
export function DivergenceNotice({ run, actions }: { run: RunView; actions: LabActions }) {
  const d = run.diverged;
  if (!d) return null;
  const { optimizer, training, model } = run.config;
  const lower = Number((optimizer.lr / 10).toPrecision(3));
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
          <button
            type="button"
            onClick={() => actions.restartWith((c) => ({ ...c, optimizer: { ...c.optimizer, lr: lower } }))}
            data-testid="restart-lower-lr"
          >
            Start over with learning rate {lower}
          </button>
        </div>
      </div>
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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

export function Callout({ children }: { children: ReactNode }) {
  return <div className="callout">{children}</div>;
}
