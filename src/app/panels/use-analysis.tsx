/**
 * What the on-demand analysis panels share: starting an analysis in the worker, its latest result, its
 * progress (with the partial result some analyses report), and the small controls around it.
 */
import { readableCitations } from '../docs/pages';
import { useMemo, useState, type ReactNode } from 'react';
import type { AnalysisRecord } from '../../core/events';
import type { RunView } from '../store/runs';
import { enqueueAnalysis } from './landscape/hooks';
import type { LabActions } from './types';
import './analysis-panels.css';

export interface AnalysisState<Result, Partial = Result> {
  /** The newest record of this analysis (among those `accept` keeps), or null. */
  latest: (AnalysisRecord & { result: Result }) | null;
  /** Every kept record, oldest first. */
  records: (AnalysisRecord & { result: Result })[];
  /** True from the click (the request may wait behind other panels' analyses) until it is done or failed. */
  busy: boolean;
  /** 0..1 while the worker reports progress. */
  fraction: number | null;
  /** The partial result of the running analysis, if it reports one. */
  partial: Partial | null;
  start(settings: unknown): void;
}

const acceptAll = () => true;

export function useAnalysis<Result, Partial = Result>(
  run: RunView,
  id: string,
  actions: LabActions,
  accept: (record: AnalysisRecord) => boolean = acceptAll,
): AnalysisState<Result, Partial> {
  const all = useMemo(() => run.analyses.filter((r) => r.id === id), [run.analyses, id]);
  const records = useMemo(() => all.filter(accept) as (AnalysisRecord & { result: Result })[], [all, accept]);
  // The run a request of this panel is waiting for: the call resolves once, with the record in the store.
  const [pending, setPending] = useState<number | null>(null);
  const progress = run.analysisProgress[id] ?? null;
  return {
    latest: records.length ? records[records.length - 1] : null,
    records,
    busy: pending === run.id || progress !== null,
    fraction: progress?.fraction ?? null,
    partial: (progress?.partial as Partial | undefined) ?? null,
    start(settings) {
      const runId = run.id;
      setPending(runId);
      // One analysis at a time, in the same queue as the landscape panels' requests.
      void enqueueAnalysis(actions, id, settings).finally(() => setPending((p) => (p === runId ? null : p)));
    },
  };
}

/** Whether a run can be analysed now (its model exists). */
export const canAnalyse = (run: RunView) =>
  run.status !== 'creating' && run.status !== 'failed' && run.model !== null;

/** The "Compute" button with progress and how stale the shown result is. */
export function AnalysisBar(props: {
  run: RunView;
  state: AnalysisState<unknown, unknown>;
  label: string;
  onStart(): void;
  testId: string;
  children?: ReactNode;
}) {
  const { run, state } = props;
  const epochNow = run.history.length ? run.history[run.history.length - 1].epoch : 0;
  const shownEpoch = state.latest?.epoch;
  return (
    <div className="analysis-bar">
      <button
        type="button"
        className="primary"
        onClick={props.onStart}
        disabled={state.busy || !canAnalyse(run)}
        data-testid={props.testId}
      >
        {state.busy ? 'Computing…' : props.label}
      </button>
      {state.busy && (
        <span className="analysis-progress" role="status" data-testid={`${props.testId}-progress`}>
          <progress max={1} value={state.fraction ?? undefined} aria-label="Progress" />
          {state.fraction !== null && `${Math.round(state.fraction * 100)}%`}
        </span>
      )}
      {!state.busy && shownEpoch !== undefined && (
        <span className="analysis-epoch" data-testid={`${props.testId}-epoch`} data-value={shownEpoch}>
          {`Shown: the model after epoch ${shownEpoch}`}
          {shownEpoch !== epochNow && <strong> (the model is now at epoch {epochNow}: compute again)</strong>}
        </span>
      )}
      {props.children}
    </div>
  );
}

/** A row of radio buttons (keyboard-reachable, labelled). */
export function Choice<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: { value: T; label: string; title?: string }[];
  onChange(v: T): void;
  testId: string;
}) {
  return (
    <div className="choice" role="radiogroup" aria-label={props.label}>
      <span className="field-label">{props.label}</span>
      {props.options.map((o) => (
        <label key={o.value} title={readableCitations(o.title)}>
          <input
            type="radio"
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
            data-testid={`${props.testId}-${o.value}`}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/** Formats a number for tables: fixed for ordinary sizes, exponent for tiny or huge ones. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toFixed(digits);
}

export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`;

/** Panel state that starts afresh (from `init`) whenever the lab shows another run. */
export function usePerRun<T>(run: RunView, init: () => T): [T, (next: T) => void] {
  const [held, setHeld] = useState(() => ({ runId: run.id, value: init() }));
  let current = held;
  if (held.runId !== run.id) {
    current = { runId: run.id, value: init() };
    setHeld(current);
  }
  return [current.value, (value: T) => setHeld({ runId: run.id, value })];
}
