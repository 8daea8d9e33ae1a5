import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/core/compare';
import { findRecord } from '../../src/core/train/runner';
import { defaultConfig, parseConfig } from '../../src/core/config';
import type { EpochMetrics } from '../../src/core/events';
import { LESSONS } from '../../src/core/lessons/registry';
import { mvlFromPerSample } from '../../src/core/analysis/mvl';
import { accuracyFigure, landscapeCurve, latestLandscape } from '../../src/app/compare/figures';
import {
  type Plan,
  type PlanEngine,
  PlanStopped,
  type SequenceStatus,
  runPlan,
} from '../../src/app/compare/sequence';
import { getAnalysis } from '../../src/core/analysis/registry';
import { configKey } from '../../src/core/lab/config-key';
import { lessonHash, positionConfig, readLessonHash } from '../../src/app/lessons/lesson-link';
import { mvlAt, scheduledLsaEpochs } from '../../src/app/lsa/lsa-data';
import { paperName } from '../../src/app/lsa/naming';
import { presetCards } from '../../src/app/presets/cards';
import {
  type AppState,
  MAX_RUNS,
  type RunView,
  comparedRuns,
  createStore,
  initialState,
  newRun,
  reduce,
} from '../../src/app/store/runs';
import { THEMES } from '../../src/app/theme/themes';
import { decodeLessonLink, encodeLessonLink } from '../../src/app/url';
import type { UiEvent } from '../../src/worker/protocol';

const config = (input: unknown) => {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
};

const metrics = (epoch: number, extra: Record<string, number> = {}): EpochMetrics => ({
  epoch,
  trainLoss: 1 / epoch,
  trainAcc: 0.5,
  testLoss: 1 / epoch,
  testAcc: 0.5,
  objective: 1 / epoch,
  seconds: 0.1,
  examplesPerSec: 100,
  extra,
});

const created = (s: AppState, id: number) =>
  reduce(s, { type: 'runCreated', id, config: defaultConfig(), label: `run ${id}` });

describe('comparison in the run store', () => {
  it('sets, toggles and forgets compared runs', () => {
    let s = created(created(created(initialState, 1), 2), 3);
    s = reduce(s, { type: 'compareSet', ids: [3, 1, 99, 3] });
    expect(s.comparison).toEqual([3, 1]);
    expect(comparedRuns(s).map((r) => r.id)).toEqual([3, 1]);
    s = reduce(s, { type: 'compareToggle', id: 2 });
    expect(s.comparison).toEqual([3, 1, 2]);
    s = reduce(s, { type: 'compareToggle', id: 3 });
    expect(s.comparison).toEqual([1, 2]);
    s = reduce(s, { type: 'removeRun', id: 1 });
    expect(s.comparison).toEqual([2]);
    expect(reduce(s, { type: 'compareToggle', id: 42 })).toBe(s);
  });

  it('drops runs outside the comparison first when it keeps too many', () => {
    let s = created(created(initialState, 1), 2);
    s = reduce(s, { type: 'compareSet', ids: [1, 2] });
    for (let id = 3; id <= MAX_RUNS + 2; id++) s = created(s, id);
    expect(s.runs.length).toBe(MAX_RUNS);
    expect(s.comparison).toEqual([1, 2]);
    expect(s.runs.map((r) => r.id)).toEqual(expect.arrayContaining([1, 2, MAX_RUNS + 2]));
  });
});

describe('lesson links', () => {
  it('encode and decode a lesson step; config links and bad ids are not lesson links', () => {
    const link = { lesson: 'awp-in-6-steps', step: 'compare' };
    expect(decodeLessonLink(`#${encodeLessonLink(link)}`)).toEqual(link);
    expect(decodeLessonLink('#lesson=awp-in-6-steps')).toEqual({ lesson: 'awp-in-6-steps', step: null });
    expect(decodeLessonLink('#v1&seed=3')).toBeNull();
    expect(decodeLessonLink('#lesson=<script>&step=x')).toBeNull();
    expect(decodeLessonLink('#lesson=a&step=__proto__')).toBeNull();
  });

  it('every step of every lesson round-trips through its link to the same step and configuration', () => {
    for (const lesson of Object.values(LESSONS))
      for (const index of lesson.steps.keys()) {
        const read = readLessonHash(`#${lessonHash({ lesson, index })}`);
        expect(read.kind).toBe('step');
        if (read.kind !== 'step') continue;
        expect(read.position.lesson.id).toBe(lesson.id);
        expect(read.position.index).toBe(index);
        expect(read.warning).toBeUndefined();
        expect(positionConfig(read.position).version).toBe(1);
      }
  });

  it('an unknown step opens the lesson at step 1 with a warning; an unknown lesson is refused', () => {
    const step = readLessonHash('#lesson=awp-in-6-steps&step=nope');
    expect(step.kind === 'step' && step.position.index).toBe(0);
    expect(step.kind === 'step' && step.warning).toMatch(/no step “nope”/);
    const lesson = readLessonHash('#lesson=no-such-lesson&step=x');
    expect(lesson.kind).toBe('unknown');
    expect(readLessonHash('#v1&seed=2').kind).toBe('none');
  });
});

/**
 * A fake engine: each run trains `epochs` epochs the moment it is trained, or diverges when told to; it
 * knows a trained configuration again when `reuse` is on (as the worker's lab does).
 */
function fakeEngine(store: ReturnType<typeof createStore>, diverge = new Set<number>(), reuse = false) {
  let counter = 0;
  let current = -1;
  const calls: string[] = [];
  const send = (events: UiEvent[]) =>
    store.dispatch({ type: 'batch', batch: { runId: current, events }, now: 0 });
  const engine: PlanEngine = {
    nextId: () => ++counter,
    api: {
      train: async (id, c) => {
        current = id;
        calls.push(`train ${id} epochs=${c.training.epochs}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        send([{ type: 'state', state: 'running' }]);
        if (diverge.has(current)) {
          send([
            {
              type: 'diverged',
              epoch: 1,
              reason: 'the training loss became NaN in epoch 1',
              lastFiniteEpoch: 0,
            },
          ]);
          return 'diverged';
        }
        for (let e = 1; e <= c.training.epochs; e++) send([{ type: 'epoch', metrics: metrics(e) }]);
        send([
          { type: 'state', state: 'done' },
          { type: 'done', epochs: c.training.epochs },
        ]);
        return 'done';
      },
      trained: async (c) =>
        (reuse &&
          store.get().runs.find((r) => r.status === 'done' && configKey(r.config) === configKey(c))?.id) ||
        null,
      activate: async (id) => {
        calls.push(`activate ${id}`);
        current = id;
        return true;
      },
    },
    analyse: async (id, settings, reuse) => {
      const run = store.get().runs.find((r) => r.id === current)!;
      const epoch = run.history.length;
      // As the worker's runner does: with `reuse`, the record the run has at this epoch and settings.
      const earlier = reuse ? findRecord({ epoch, analyses: run.analyses }, id, settings) : null;
      calls.push(`${earlier ? 'reused' : 'analysis'} ${id} on ${current}`);
      const record = earlier ?? { id, epoch, settings: getAnalysis(id).parseSettings(settings), result: {} };
      store.dispatch({ type: 'analysisDone', runId: current, record });
      return record;
    },
  };
  return { engine, calls };
}

describe('multi-run plans', () => {
  const plan = (): Plan => ({
    title: 'AT vs AT-AWP',
    runs: [
      { label: 'AT', config: config({ training: { method: 'pgd-at', epochs: 3 } }) },
      { label: 'AWP', config: config({ training: { method: 'awp-at', epochs: 3 } }) },
    ],
    analyses: [{ analysis: 'landscape-1d', settings: {} }],
  });

  it('trains the runs one after another, analyses each once trained, and compares them', async () => {
    const store = createStore(reduce, initialState);
    const { engine, calls } = fakeEngine(store);
    const statuses: SequenceStatus[] = [];
    const ids = await runPlan({ store, engine, epochCap: 2 }, plan(), new AbortController().signal, (s) =>
      statuses.push(s),
    );
    expect(ids).toEqual([1, 2]);
    expect(calls).toEqual([
      'train 1 epochs=2',
      'analysis landscape-1d on 1',
      'train 2 epochs=2',
      'analysis landscape-1d on 2',
    ]);
    expect(store.get().comparison).toEqual([1, 2]);
    expect(store.get().runs.map((r) => [r.label, r.history.length, r.status])).toEqual([
      ['AT', 2, 'done'],
      ['AWP', 2, 'done'],
    ]);
    expect(statuses[statuses.length - 1].phase).toBe('done');
    expect(statuses.map((s) => s.message)).toContain('training AT 2/2');
  });

  it('shows runs trained with the same settings again (under the plan’s labels) instead of retraining them', async () => {
    const store = createStore(reduce, initialState);
    const { engine, calls } = fakeEngine(store, new Set(), true);
    await runPlan({ store, engine }, plan(), new AbortController().signal, () => undefined);
    calls.length = 0;
    const relabelled = { ...plan(), runs: plan().runs.map((r) => ({ ...r, label: `${r.label} again` })) };
    const statuses: SequenceStatus[] = [];
    const ids = await runPlan({ store, engine }, relabelled, new AbortController().signal, (s) =>
      statuses.push(s),
    );
    expect(ids).toEqual([1, 2]);
    // The status says so: each run shown again, with the epochs it trained, and the plan trained nothing.
    expect(statuses.map((s) => s.message)).toContain('AT again already trained (3 epochs): shown again');
    expect(statuses.map((s) => s.message)).toContain('AWP again already trained (3 epochs): shown again');
    expect(statuses.at(-1)?.message).toBe('2 runs already trained: shown again and analysed');
    // Run 2 is current: run 1 is made current again, run 2 too; nothing trained, nothing analysed again.
    expect(calls).toEqual([
      'activate 1',
      'reused landscape-1d on 1',
      'activate 2',
      'reused landscape-1d on 2',
    ]);
    expect(store.get().runs.map((r) => r.label)).toEqual(['AT again', 'AWP again']);
  });

  it('says how many runs of a plan it trained and how many it showed again', async () => {
    const store = createStore(reduce, initialState);
    const { engine, calls } = fakeEngine(store, new Set(), true);
    await runPlan(
      { store, engine },
      { ...plan(), runs: plan().runs.slice(0, 1) },
      new AbortController().signal,
      () => undefined,
    );
    calls.length = 0;
    const statuses: SequenceStatus[] = [];
    await runPlan({ store, engine }, plan(), new AbortController().signal, (s) => statuses.push(s));
    expect(calls.filter((c) => c.startsWith('train'))).toEqual(['train 2 epochs=3']);
    expect(statuses.at(-1)?.message).toBe('1 run trained, 1 already trained; analysed');
  });

  it('stops when aborted, and fails with the reason when a run diverges', async () => {
    const store = createStore(reduce, initialState);
    const { engine } = fakeEngine(store);
    const controller = new AbortController();
    const running = runPlan({ store, engine }, plan(), controller.signal, () => undefined);
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(PlanStopped);

    const store2 = createStore(reduce, initialState);
    const { engine: diverging } = fakeEngine(store2, new Set([2]));
    await expect(
      runPlan({ store: store2, engine: diverging }, plan(), new AbortController().signal, () => undefined),
    ).rejects.toThrow(/NaN in epoch 1/);
  });
});

describe('comparison figures', () => {
  const run = (id: number, label: string, robust: [number, number][]): RunView => ({
    ...newRun(id, defaultConfig(), label),
    epochsTotal: robust.length,
    history: robust.map(([train, test], i) => metrics(i + 1, { robustTrainAcc: train, robustTestAcc: test })),
  });

  it('draws one subplot per run on the same axes, the robust gap filled between train and test', () => {
    const runs = [
      run(1, 'AT', [
        [0.5, 0.4],
        [0.8, 0.5],
      ]),
      run(2, 'AWP', [
        [0.5, 0.45],
        [0.7, 0.6],
      ]),
    ];
    const fig = accuracyFigure(runs, THEMES.light);
    const layout = fig.layout as Record<string, { range?: number[]; domain?: number[] }>;
    expect(layout.yaxis.range).toEqual(layout.yaxis2.range);
    expect(layout.xaxis.range).toEqual(layout.xaxis2.range);
    expect(layout.xaxis.domain![1]).toBeLessThan(layout.xaxis2.domain![0]);
    for (const axis of ['y', 'y2']) {
      const traces = fig.data.filter((t) => (t as { yaxis?: string }).yaxis === axis) as {
        name: string;
        fill?: string;
        y: number[];
      }[];
      const i = traces.findIndex((t) => t.name === 'robust, test');
      // 'tonexty' fills to the previous trace of the subplot: that must be the robust train curve.
      expect(traces[i].fill).toBe('tonexty');
      expect(traces[i - 1].name).toBe('robust, train');
    }
    const rows = compareRuns(runs).rows;
    expect(rows.map((r) => r.robustGap)).toEqual([0.8 - 0.5, 0.7 - 0.6].map((v) => expect.closeTo(v, 12)));
  });

  it('reads landscape records, robust or clean, as the core writes them', () => {
    const record = (robust: boolean, epoch: number) => ({
      id: 'landscape-1d',
      epoch,
      settings: {},
      result: {
        alphas: [-1, 0, 1],
        values: [
          { split: 'test', loss: Float32Array.from([2, 1, 3]), acc: Float32Array.from([0.5, 0.9, 0.4]) },
        ],
        directionSeed: 101,
        robust: robust ? { attack: 'pgd-linf' } : null,
      },
    });
    const analyses = [record(true, 3), record(false, 4), record(true, 5)];
    expect(latestLandscape(analyses, true)?.epoch).toBe(5);
    expect(latestLandscape(analyses, false)?.epoch).toBe(4);
    expect(landscapeCurve(analyses[0])).toEqual({
      alphas: [-1, 0, 1],
      splits: [
        {
          split: 'test',
          loss: [2, 1, 3],
          acc: [expect.closeTo(0.5), expect.closeTo(0.9), expect.closeTo(0.4)],
        },
      ],
      directionSeed: 101,
      epoch: 3,
    });
  });
});

describe('preset gallery', () => {
  it('has at least 8 presets; every plan parses, and compared runs share seed, data and model', () => {
    const cards = presetCards();
    expect(cards.length).toBeGreaterThanOrEqual(8);
    expect(new Set(cards.map((c) => c.id)).size).toBe(cards.length);
    for (const card of cards) {
      const plan = card.plan();
      expect(plan.runs.map((r) => r.label)).toEqual(card.runs);
      if (plan.runs.length > 1) {
        const cmp = compareRuns(plan.runs.map((r) => ({ ...r, history: [] })));
        expect(cmp.warnings, card.id).toEqual([]);
        expect(cmp.differences.length, card.id).toBeGreaterThan(0);
      }
    }
    const lsa = cards.find((c) => c.id === 'lsa-a-paper')!;
    expect(lsa.runs).toEqual(['Normal', 'AT-PGD', 'AT-PGD-LR-L2']);
  });
});

describe('comparison warnings', () => {
  const run = (label: string, model: unknown) => {
    const r = parseConfig({ model });
    if (!r.ok) throw new Error(r.errors.join('; '));
    return { label, config: r.config, history: [] };
  };
  it('do not flag forward-only AW-Net settings (λ, routerInAnalyses) but do flag the architecture', () => {
    const base = { kind: 'awnet', signal: 'tanh', lambda: 1 };
    const forwardOnly = compareRuns([
      run('a', base),
      run('b', { ...base, lambda: 0, routerInAnalyses: false }),
    ]);
    expect(forwardOnly.warnings).toEqual([]);
    expect(forwardOnly.differences).toEqual(['model.lambda', 'model.routerInAnalyses']);
    const wider = compareRuns([run('a', base), run('b', { ...base, hidden: [64, 64] })]);
    expect(wider.warnings).toHaveLength(1);
    expect(wider.warnings[0]).toMatch(/model: not the same initial weights/);
  });
});

describe('LSA helpers', () => {
  it('names AT-LR runs as the paper does', () => {
    expect(paperName(config({ training: { method: 'at-lr' }, atlr: { base: 'pgd', layers: [2] } }))).toBe(
      'AT-PGD-LR-L2',
    );
    expect(
      paperName(config({ training: { method: 'at-lr' }, atlr: { base: 'trades', layers: [0, 1] } })),
    ).toBe('AT-TRADE-LR-L0-L1');
    expect(paperName(config({ training: { method: 'standard' } }))).toBe('Normal');
  });

  it('re-runs Algorithm 1 at another η with the core rule, and lists the per-epoch LSA epochs', () => {
    const perSample = [
      Float32Array.from([0.1, 0.1]),
      Float32Array.from([0.2, 0.2]),
      Float32Array.from([0.9, 0.7]),
    ];
    const p = { relativeError: [0.1, 0.2, 0.8], perSample };
    for (const eta of [-1, 0, 0.5, 1, 2])
      expect(mvlAt(p, 'pairs', eta)).toEqual(mvlFromPerSample(perSample, eta, 'pairs'));
    // Layer scores 0.1, 0.2, 0.8: μ = 0.3667, σ = 0.3091. η = 1 → threshold 0.6758: only layer 2;
    // η = −0.7 → 0.1503: layers 1 and 2; η = −1 → 0.0576: all three.
    expect(mvlAt(p, 'layers', 1).mvl).toEqual([2]);
    expect(mvlAt(p, 'layers', -0.7).mvl).toEqual([1, 2]);
    expect(mvlAt(p, 'layers', -1).mvl).toEqual([0, 1, 2]);
    expect(scheduledLsaEpochs(config({ training: { epochs: 7 }, lsa: { every: 3 } }))).toEqual([3, 6, 7]);
    expect(scheduledLsaEpochs(config({ training: { epochs: 7 } }))).toEqual([]);
  });
});
