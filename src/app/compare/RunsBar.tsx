/**
 * The runs this page keeps (live ones and those opened from bundles): which one the lab shows, and which are
 * in the comparison, each chip in the colour the run has in every figure; plus the status of a multi-run
 * plan (preset, lesson step) with a Stop button.
 */
import type { RunView } from '../store/runs';
import type { SequenceStatus } from './sequence';
import { STATUS_TEXT, shownStatus } from '../store/status';
import type { CSSProperties } from 'react';
import { runColourVars } from '../svg/grammar';
import { METHOD_CARD } from '../../core/train/cards';
import { type Teachers, TeacherPicker } from './TeacherPicker';
import './runs-bar.css';

export interface RunsBarProps {
  runs: readonly RunView[];
  currentId: number | null;
  comparison: readonly number[];
  /** Disables "show": a plan is running (it decides which run is current). */
  busy: boolean;
  onShow(id: number): void;
  onToggleCompare(id: number): void;
  sequence: SequenceStatus | null;
  onStop(): void;
  onDismiss(): void;
  /** Each run's attached teachers (a method that distils: its card says so). */
  teachers: ReadonlyMap<number, Teachers>;
  /** Attaches teachers to the current run (null: detaches); resolves to the reasons they cannot be used. */
  onAttachTeachers(studentId: number, teachers: Teachers | null): Promise<string[]>;
}

export function RunsBar(props: RunsBarProps) {
  const { runs, currentId, comparison, sequence } = props;
  const active = sequence && (sequence.phase === 'training' || sequence.phase === 'analysing');
  const student = runs.find((r) => r.id === currentId);
  const label = (id: number) => runs.find((r) => r.id === id)?.label ?? `run ${id}`;
  return (
    <div className="runs-bar" data-testid="runs-bar">
      {sequence && (
        <div
          className={`sequence sequence-${sequence.phase}`}
          role="status"
          data-testid="sequence-status"
          data-value={sequence.phase}
        >
          <strong>{sequence.title}</strong>
          <span>
            {active && sequence.total > 1 ? `run ${sequence.index} of ${sequence.total}: ` : ''}
            {sequence.message}
            {active ? '…' : ''}
          </span>
          {active ? (
            <button type="button" className="small" onClick={props.onStop} data-testid="sequence-stop">
              Stop
            </button>
          ) : (
            <button type="button" className="small" onClick={props.onDismiss} aria-label="Close this message">
              ✕
            </button>
          )}
        </div>
      )}
      {runs.length > 1 && (
        <ul className="runs-list" aria-label="Runs on this page">
          {runs.map((r) => {
            const compared = comparison.includes(r.id);
            const current = r.id === currentId;
            return (
              <li
                key={r.id}
                className={current ? 'run-chip current' : 'run-chip'}
                data-testid={`run-chip-${r.id}`}
              >
                <button
                  type="button"
                  className="run-chip-show"
                  onClick={() => props.onShow(r.id)}
                  disabled={current || props.busy}
                  aria-pressed={current}
                  title={
                    current
                      ? 'Shown in the lab'
                      : 'Show this run in the lab (its weights are kept: no retraining)'
                  }
                >
                  <span
                    className="swatch run-swatch"
                    style={runColourVars(r.id) as CSSProperties}
                    aria-hidden="true"
                  />{' '}
                  {r.label}
                  {r.source === 'bundle' ? ' (file)' : ''}
                  <span className="muted"> · {STATUS_TEXT[shownStatus(r)]}</span>
                  {props.teachers.has(r.id) && (
                    <span className="muted" data-testid={`run-teachers-${r.id}`}>
                      {' '}
                      · teachers {label(props.teachers.get(r.id)!.natural)} (clean),{' '}
                      {label(props.teachers.get(r.id)!.adversarial)} (adversarial)
                    </span>
                  )}
                </button>
                <label className="run-chip-compare" title="Show this run in the comparison view">
                  <input
                    type="checkbox"
                    checked={compared}
                    onChange={() => props.onToggleCompare(r.id)}
                    data-testid={`compare-toggle-${r.id}`}
                  />
                  compare
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {student && METHOD_CARD[student.config.training.method].takesTeachers && (
        <TeacherPicker
          key={student.id}
          runs={runs.filter((r) => r.id < student.id)}
          teachers={props.teachers.get(student.id) ?? null}
          onAttach={(t) => props.onAttachTeachers(student.id, t)}
        />
      )}
    </div>
  );
}
