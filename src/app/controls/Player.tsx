import { useEffect, useRef } from 'react';
import type { RunView } from '../store/runs';
import { lastMetrics, secondsLeft } from '../store/runs';
import { STATUS_TEXT, instability, shownStatus } from '../store/status';
import { useFieldProblemList } from './field-problems';
import type { LabActions } from '../panels/types';
import './Player.css';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Epochs the "+ epochs" button adds to the current run. */
const MORE_EPOCHS = 10;

function formatSeconds(s: number): string {
  if (s < 1) return '< 1 s';
  if (s < 90) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function Readout({
  id,
  label,
  value,
  format,
}: {
  id: string;
  label: string;
  value: number | undefined;
  format(v: number): string;
}) {
  return (
    <div className="readout">
      <span className="readout-label">{label}</span>
      <span className="readout-value" data-testid={id} data-value={value === undefined ? '' : String(value)}>
        {value === undefined ? '–' : format(value)}
      </span>
    </div>
  );
}

/** Keys people press to type: shortcuts never act there (Space on a button presses that button). */
const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName));

/**
 * The player's keys: Space play/pause, "." one epoch, "r" reset, when not typing in a field; each does only
 * what its button would do now (null: nothing, e.g. Play while a field holds no valid value).
 */
function useShortcuts(keys: Record<' ' | '.' | 'r', (() => void) | null>): void {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const key = e.key === 'R' ? 'r' : e.key;
      if (key !== ' ' && key !== '.' && key !== 'r') return;
      if (key === ' ') e.preventDefault();
      current.current[key]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Player({
  run,
  actions,
  onRegenerate,
}: {
  run: RunView | null;
  actions: LabActions;
  onRegenerate(): void;
}) {
  const status = run?.status ?? 'creating';
  const shown = shownStatus(run);
  const unstable = run ? instability(run) : null;
  const blocked = useFieldProblemList();
  const ready = run !== null && status !== 'creating' && status !== 'failed';
  const running = status === 'running';
  const canTrain =
    ready &&
    !running &&
    status !== 'done' &&
    status !== 'diverged' &&
    run?.source !== undefined &&
    blocked.length === 0;
  useShortcuts({
    ' ': running ? actions.pause : canTrain ? actions.play : null,
    '.': canTrain ? actions.step : null,
    r: ready || status === 'failed' ? actions.reset : null,
  });
  const m = lastMetrics(run);
  const epochsDone = run?.restoredEpoch ?? m?.epoch ?? 0;
  const total = run?.epochsTotal ?? 0;
  const fraction = run?.progress && run.progress.epoch > epochsDone ? run.progress.fraction : 0;
  const overall = total ? Math.min(1, (epochsDone + fraction) / total) : 0;
  const left = run ? secondsLeft(run) : null;
  return (
    <div className="player" data-testid="player" id="player" tabIndex={-1} aria-label="Player">
      <div className="player-buttons" role="group" aria-label="Training">
        <button
          type="button"
          className="primary"
          onClick={actions.play}
          disabled={!canTrain}
          data-testid="play"
          aria-keyshortcuts="Space"
          title="Train all remaining epochs (Space)"
        >
          ▶ Play
        </button>
        <button
          type="button"
          onClick={actions.pause}
          disabled={!running}
          data-testid="pause"
          title="Pause (Space)"
        >
          ❚❚ Pause
        </button>
        <button
          type="button"
          onClick={actions.step}
          disabled={!canTrain}
          data-testid="step"
          aria-keyshortcuts="."
          title="Train exactly one more epoch (.)"
        >
          Step +1 epoch
        </button>
        <button
          type="button"
          onClick={() => actions.continueBy(MORE_EPOCHS)}
          disabled={!ready || running || run?.source !== 'live' || blocked.length > 0}
          data-testid="more-epochs"
          title="Train this run further from where it is (same weights and optimiser state)"
        >
          +{MORE_EPOCHS} epochs
        </button>
        <button
          type="button"
          onClick={actions.reset}
          disabled={!ready && status !== 'failed'}
          data-testid="reset"
          title="Start over with the same data and the same initial weights (R)"
          aria-keyshortcuts="R"
        >
          ↺ Reset
        </button>
        <button
          type="button"
          onClick={onRegenerate}
          data-testid="regenerate"
          title="New seed: new data, new initial weights"
        >
          ⟳ New seed
        </button>
      </div>
      <div className="player-progress">
        <div className="progress-line">
          <span>
            Epoch{' '}
            <strong data-testid="epoch" data-value={epochsDone}>
              {epochsDone} / {total}
            </strong>
          </span>
          <span
            className={`status status-${shown}`}
            data-testid="run-status"
            data-value={shown}
            title={unstable ? `Unstable: ${unstable.reason}` : undefined}
          >
            {STATUS_TEXT[shown]}
          </span>
          {m && (
            <span data-testid="speed">{Math.round(m.examplesPerSec).toLocaleString('en')} examples/s</span>
          )}
          {left !== null && <span data-testid="time-left">{formatSeconds(left)} left</span>}
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="Training progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(overall * 100)}
          data-testid="progress"
        >
          <div className="progress-fill" style={{ width: `${overall * 100}%` }} />
        </div>
      </div>
      {run?.change && (
        <p className="run-change" data-testid="run-change" role="status">
          {run.change}
        </p>
      )}
      {blocked.length > 0 && (
        <div className="player-blocked" role="alert" data-testid="play-blocked">
          <strong>Play is blocked until this is fixed:</strong> {blocked.join('; ')}.
        </div>
      )}
      <div className="readouts" aria-live="off">
        <Readout id="test-acc" label="Test accuracy" value={m?.testAcc} format={pct} />
        <Readout id="train-acc" label="Train accuracy" value={m?.trainAcc} format={pct} />
        <Readout id="test-loss" label="Test loss" value={m?.testLoss} format={(v) => v.toFixed(4)} />
        <Readout id="train-loss" label="Train loss" value={m?.trainLoss} format={(v) => v.toFixed(4)} />
      </div>
    </div>
  );
}
