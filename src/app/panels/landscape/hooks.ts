/**
 * Hooks shared by the landscape panels: on-screen detection (work pauses for panels scrolled out of view,
 * docs/engine-notes.md#performance-rules), freezing a picture while hidden, and computing analyses one at a time,
 * on demand or automatically when a visible panel has nothing for the current epoch.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunView } from '../../store/runs';
import type { LabActions } from '../types';
import { canCompute, currentEpoch, latestPerEpoch, type Recorded, recordsOf } from './records';

/** A ref callback and whether the element is (near) the viewport. True where IntersectionObserver is missing. */
export function useOnScreen<T extends Element>(margin = '80px'): [(el: T | null) => void, boolean] {
  const [el, setEl] = useState<T | null>(null);
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), {
      rootMargin: margin,
    });
    io.observe(el);
    return () => io.disconnect();
  }, [el, margin]);
  return [setEl, visible];
}

/** `value` while visible; the last visible value while hidden (no redraws for panels out of view). */
export function useFrozenWhenHidden<T>(value: T, visible: boolean): T {
  const shown = useRef(value);
  if (visible) shown.current = value;
  return visible ? value : shown.current;
}

/**
 * Analyses requested from these panels run one after another (the engine would interleave them, making
 * every picture slower to appear). Resolves once, when this request's record is in the store (or it failed:
 * errors reach the run).
 */
let queue: Promise<unknown> = Promise.resolve();
export function enqueueAnalysis(actions: LabActions, id: string, settings: unknown): Promise<void> {
  const next = queue.then(() => actions.runAnalysis(id, settings));
  queue = next.catch(() => undefined);
  return next;
}

export interface Computation {
  /** A request of this panel is queued or running. */
  busy: boolean;
  /** The engine can compute now (the run is not training). */
  ready: boolean;
  compute(settings: unknown): void;
}

/**
 * On-demand computation of analysis `id` for a panel. With `auto`, a visible panel asks once per epoch
 * when the run is finished (or paused, for 2-D point data) and there is no result for the current epoch
 * yet; a hidden panel never starts work.
 */
export function useComputation(opts: {
  run: RunView;
  actions: LabActions;
  id: string;
  visible: boolean;
  /** Settings for an automatic request, or null when the panel should not compute by itself. */
  auto: unknown | null;
  hasResultAt(epoch: number): boolean;
}): Computation {
  const { run, actions, id, visible, auto, hasResultAt } = opts;
  // The run a request of this panel waits for: the call resolves once, with the record already in the store.
  const [waitingFor, setWaitingFor] = useState<number | null>(null);
  const busy = waitingFor === run.id;
  const asked = useRef(new Set<string>());
  const ready = canCompute(run);
  const runId = run.id;
  const compute = useCallback(
    (settings: unknown) => {
      setWaitingFor(runId);
      void enqueueAnalysis(actions, id, settings).finally(() =>
        setWaitingFor((w) => (w === runId ? null : w)),
      );
    },
    [actions, id, runId],
  );
  const epoch = currentEpoch(run);
  const inProgress = run.analysisProgress[id] !== undefined;
  // After training; and at every pause for point data (cheap), not for images (a CNN grid takes seconds).
  const settled = run.status === 'done' || (run.status === 'paused' && run.config.data.kind !== 'mnist');
  useEffect(() => {
    if (auto === null || !visible || !settled || busy || inProgress || hasResultAt(epoch)) return;
    const key = `${run.id}:${epoch}`;
    if (asked.current.has(key)) return;
    asked.current.add(key);
    compute(auto);
  }, [auto, visible, settled, busy, inProgress, hasResultAt, epoch, run.id, compute]);
  return { busy: busy || inProgress, ready, compute };
}

/**
 * The records of analysis `id` in the run (with `perEpoch`, only the newest of each epoch) and its
 * computation (see useComputation), which asks for `auto` when the current epoch has no record yet.
 */
export function useAnalysisRecords<R>(opts: {
  run: RunView;
  actions: LabActions;
  id: string;
  visible: boolean;
  auto: unknown | null;
  perEpoch?: boolean;
}): { records: Recorded<R>[]; computation: Computation } {
  const { run, actions, id, visible, auto, perEpoch = false } = opts;
  // Keyed on the analyses list: it changes only when a result arrives, not with every training event.
  const analyses = run.analyses;
  const records = useMemo(() => {
    const all = recordsOf<R>({ analyses }, id);
    return perEpoch ? latestPerEpoch(all) : all;
  }, [analyses, id, perEpoch]);
  const hasResultAt = useCallback((e: number) => records.some((r) => r.epoch === e), [records]);
  const computation = useComputation({ run, actions, id, visible, auto, hasResultAt });
  return { records, computation };
}

/**
 * The partial picture of a computation to draw: a coarse stage at once (each computation's first picture),
 * refinements at most every `ms` (each redraw of a big grid costs the main thread), nothing once it ended.
 */
export function useRefineThrottle<P extends { stage: string }>(partial: P | null, ms: number): P | null {
  const [shown, setShown] = useState<P | null>(partial);
  const shownRef = useRef<P | null>(partial);
  const last = useRef(0);
  useEffect(() => {
    const show = (p: P | null) => {
      last.current = performance.now();
      shownRef.current = p;
      setShown(p);
    };
    if (!partial || partial.stage === 'coarse' || !shownRef.current) return show(partial);
    const t = setTimeout(() => show(partial), Math.max(0, last.current + ms - performance.now()));
    return () => clearTimeout(t);
  }, [partial, ms]);
  return partial ? (shown ?? partial) : null;
}
