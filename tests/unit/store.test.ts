import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/config';
import type { EpochMetrics } from '../../src/core/events';
import { type AppState, MAX_RUNS, currentRun, initialState, reduce } from '../../src/app/store/runs';
import type { UiEvent } from '../../src/worker/protocol';

const metrics = (epoch: number): EpochMetrics => ({
  epoch,
  trainLoss: 1 / epoch,
  trainAcc: 0.5,
  testLoss: 1 / epoch,
  testAcc: 0.5,
  objective: 1 / epoch,
  seconds: 0.1,
  examplesPerSec: 100,
  extra: {},
});

const batch = (state: AppState, runId: number, events: UiEvent[]) =>
  reduce(state, { type: 'batch', batch: { runId, events }, now: 0 });

describe('run store', () => {
  it('reduces engine events into a run', () => {
    let s = reduce(initialState, { type: 'runCreated', id: 1, config: defaultConfig(), label: 'run 1' });
    s = batch(s, 1, [
      { type: 'state', state: 'running' },
      { type: 'epoch', metrics: metrics(1) },
      { type: 'epoch', metrics: metrics(2) },
      { type: 'diverged', epoch: 3, reason: 'the training loss became NaN in epoch 3', lastFiniteEpoch: 2 },
    ]);
    const run = currentRun(s)!;
    expect(run.history.map((m) => m.epoch)).toEqual([1, 2]);
    expect(run.status).toBe('diverged');
    s = batch(s, 1, [{ type: 'restored', epoch: 1 }]);
    expect(currentRun(s)!.diverged).toBeNull();
    expect(currentRun(s)!.history.map((m) => m.epoch)).toEqual([1]);
  });

  it('ignores events of runs it no longer keeps, and keeps at most MAX_RUNS', () => {
    let s = initialState;
    for (let id = 1; id <= MAX_RUNS + 3; id++)
      s = reduce(s, { type: 'runCreated', id, config: defaultConfig(), label: '' });
    expect(s.runs.length).toBe(MAX_RUNS);
    const before = s;
    expect(batch(s, 1, [{ type: 'epoch', metrics: metrics(1) }])).toBe(before);
  });

  it('a loaded run becomes current only when selected', () => {
    let s = reduce(initialState, { type: 'runCreated', id: 1, config: defaultConfig(), label: 'run 1' });
    s = reduce(s, {
      type: 'runLoaded',
      id: 2,
      config: defaultConfig(),
      label: 'x.json',
      history: [metrics(1)],
      analyses: [],
      epoch: 1,
    });
    expect(s.currentId).toBe(1);
    expect(reduce(s, { type: 'removeRun', id: 2 }).runs.map((r) => r.id)).toEqual([1]);
    expect(currentRun(reduce(s, { type: 'select', id: 2 }))!.source).toBe('bundle');
  });

  it('an analysis record arrives once: it replaces an identical one and ends the progress', () => {
    let s = reduce(initialState, { type: 'runCreated', id: 1, config: defaultConfig(), label: 'run 1' });
    s = batch(s, 1, [{ type: 'analysisProgress', id: 'landscape-1d', epoch: 0, fraction: 0.5 }]);
    const record = { id: 'landscape-1d', epoch: 0, settings: { points: 5 }, result: { a: 1 } };
    s = reduce(s, { type: 'analysisDone', runId: 1, record });
    expect(currentRun(s)!.analysisProgress).toEqual({});
    s = reduce(s, { type: 'analysisDone', runId: 1, record: { ...record, result: { a: 2 } } });
    expect(currentRun(s)!.analyses.map((r) => r.result)).toEqual([{ a: 2 }]);
    s = reduce(s, { type: 'analysisDone', runId: 1, record: { ...record, settings: { points: 7 } } });
    expect(currentRun(s)!.analyses.length).toBe(2);
    expect(reduce(s, { type: 'analysisDone', runId: 9, record })).toBe(s);
  });

  it('a continued run gets its new epochs; a resumed one its record', () => {
    let s = reduce(initialState, { type: 'runCreated', id: 1, config: defaultConfig(), label: 'run 1' });
    s = batch(s, 1, [{ type: 'extended', epochs: 40 }]);
    expect([currentRun(s)!.epochsTotal, currentRun(s)!.config.training.epochs]).toEqual([40, 40]);
    s = batch(s, 1, [{ type: 'resumed', epoch: 2, history: [metrics(1), metrics(2)], analyses: [] }]);
    expect(currentRun(s)!.history.map((m) => m.epoch)).toEqual([1, 2]);
    expect(currentRun(s)!.restoredEpoch).toBe(2);
  });
});
