// The panels' view-models (pure, no React): the figures follow the one visual grammar — a run keeps its
// colour whatever its place, train is solid and test dashed, a second quantity is thinner — and the comparison
// shares its epoch axis only between runs of as many epochs.
import { describe, expect, it } from 'vitest';
import type { SweepCurve, SweepResult } from '../../src/core/analysis/corruption/sweep';
import { defaultConfig } from '../../src/core/config';
import type { EpochMetrics } from '../../src/core/events';
import { accuracyFigure, landscapeFigure } from '../../src/app/compare/figures';
import { compareFigure, compareTableRows } from '../../src/app/panels/corruption-compare-model';
import { curvePoints, curvesLayout, hoverLines, nearestPoint } from '../../src/app/panels/curves-model';
import { curveSummary, epochFigure } from '../../src/app/panels/landscape1d-model';
import type { LandscapeResult } from '../../src/core/analysis/landscape';
import { robustCurvesFigure } from '../../src/app/panels/robust-curves-model';
import type { LandscapeFrame } from '../../src/app/panels/landscape/frames';
import { type RunView, newRun } from '../../src/app/store/runs';
import { runColour } from '../../src/app/svg/grammar';
import { THEMES } from '../../src/app/theme/themes';

const light = THEMES.light;
type Trace = {
  name: string;
  showlegend?: boolean;
  line: { color: string; dash: string; width: number };
  fillcolor?: string;
  xaxis?: string;
};

const metrics = (epoch: number, extra: Record<string, number> = {}): EpochMetrics => ({
  epoch,
  trainLoss: 1 / epoch,
  trainAcc: 0.5,
  testLoss: 2 / epoch,
  testAcc: 0.4,
  objective: 1 / epoch,
  seconds: 0.1,
  examplesPerSec: 100,
  extra,
});

const robustRun = (id: number, epochs: number): RunView => ({
  ...newRun(id, defaultConfig(), `run ${id}`),
  epochsTotal: epochs,
  history: Array.from({ length: epochs }, (_, i) =>
    metrics(i + 1, { robustTrainAcc: 0.6, robustTestAcc: 0.4 }),
  ),
});

describe('the comparison: accuracy side by side', () => {
  it('draws each run in its own colour whatever its place, train solid, test dashed, clean thinner', () => {
    for (const order of [
      [5, 2],
      [2, 5],
    ]) {
      const fig = accuracyFigure(
        order.map((id) => robustRun(id, 3)),
        light,
      );
      order.forEach((id, k) => {
        const axis = k === 0 ? 'x' : 'x2';
        const traces = (fig.data as Trace[]).filter((t) => t.xaxis === axis);
        expect(traces.map((t) => t.name)).toEqual([
          'robust, train',
          'robust, test',
          'clean, train',
          'clean, test',
        ]);
        for (const t of traces) {
          expect(t.line.color, `${id} ${t.name}`).toBe(runColour(light, id));
          expect(t.line.dash).toBe(t.name.endsWith('train') ? 'solid' : 'dash');
          expect(t.line.width).toBe(t.name.startsWith('clean') ? 1.25 : 2);
          expect(t.showlegend).toBe(false);
        }
        expect(traces[1].fillcolor).toMatch(/^rgba\(/);
      });
      // The legend names the line styles once, in neutral ink.
      const legend = (fig.data as Trace[]).filter((t) => t.showlegend !== false);
      expect(legend.map((t) => [t.name, t.line.dash, t.line.color])).toEqual([
        ['robust, train', 'solid', light.chart.text],
        ['robust, test', 'dash', light.chart.text],
        ['clean, train', 'solid', light.chart.text],
        ['clean, test', 'dash', light.chart.text],
      ]);
    }
  });

  it('draws clean accuracy as the main lines when a run has no robust ones', () => {
    const run = { ...newRun(4, defaultConfig(), 'run 4'), epochsTotal: 2, history: [metrics(1), metrics(2)] };
    const fig = accuracyFigure([run], light);
    expect((fig.data as Trace[]).map((t) => [t.name, t.line.width, t.line.color])).toEqual([
      ['clean, train', 2, runColour(light, 4)],
      ['clean, test', 2, runColour(light, 4)],
      ['clean, train', 2, light.chart.text],
      ['clean, test', 2, light.chart.text],
    ]);
  });

  it('shares the epoch axis only between runs of as many epochs', () => {
    const same = accuracyFigure([robustRun(1, 40), robustRun(2, 40)], light);
    const sameAxes = same.layout as Record<string, { range?: number[]; matches?: string }>;
    expect(same.sharedEpochs).toBe(true);
    expect(sameAxes.xaxis2.matches).toBe('x');
    const mixed = accuracyFigure([robustRun(1, 40), robustRun(2, 400)], light);
    const axes = mixed.layout as Record<string, { range?: number[]; matches?: string }>;
    expect(mixed.sharedEpochs).toBe(false);
    expect(axes.xaxis.range).toEqual([0, 40.5]);
    expect(axes.xaxis2.range).toEqual([0, 400.5]);
    expect(axes.xaxis2.matches).toBeUndefined();
  });
});

describe('the comparison: landscapes overlaid', () => {
  it('colours each run by its id and dashes the test split', () => {
    const curve = {
      alphas: [-1, 0, 1],
      splits: ['train', 'test'].map((split) => ({ split, loss: [2, 1, 2], acc: [0.5, 0.9, 0.5] })),
      directionSeed: 101,
      epoch: 3,
    };
    const fig = landscapeFigure(
      [
        { runId: 7, label: 'run 7', curve },
        { runId: 1, label: 'run 1', curve: null },
        { runId: 3, label: 'run 3', curve },
      ],
      THEMES.dark,
      false,
    );
    // The legend names each run once.
    expect((fig.data as Trace[]).map((t) => [t.name, t.line.color, t.line.dash, t.showlegend])).toEqual([
      ['run 7', runColour(THEMES.dark, 7), 'solid', true],
      ['run 7', runColour(THEMES.dark, 7), 'dash', false],
      ['run 3', runColour(THEMES.dark, 3), 'solid', true],
      ['run 3', runColour(THEMES.dark, 3), 'dash', false],
    ]);
  });
});

describe('the training curves', () => {
  it('start at epoch 0 when the untrained model was measured', () => {
    const initial = { trainLoss: 2, trainAcc: 0.1, testLoss: 2.1, testAcc: 0.1 };
    expect(curvePoints([metrics(1), metrics(2)], initial).map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(curvePoints([metrics(3)], initial).map((p) => p.epoch)).toEqual([3]);
    expect(curvePoints([metrics(1)], null).map((p) => p.epoch)).toEqual([1]);
  });

  it('draw the run in its colour, train solid, test dashed, each point where its epoch is', () => {
    const points = curvePoints(
      [1, 2, 3, 4].map((e) => metrics(e)),
      null,
    );
    const L = curvesLayout(points, 10, light, 6, 600);
    expect(L.paths.map((p) => [p.name, p.style.colour, p.style.dash])).toEqual([
      ['train loss', runColour(light, 6), 'solid'],
      ['test loss', runColour(light, 6), 'dash'],
      ['train accuracy', runColour(light, 6), 'solid'],
      ['test accuracy', runColour(light, 6), 'dash'],
    ]);
    const testLoss = L.paths[1];
    expect(testLoss.dots.map(([x]) => x)).toEqual([1, 2, 3, 4].map((e) => L.sx(e)));
    // Loss 2/epoch on a domain [0, 2 · 1.08]: epoch 1 is drawn at the value 2.
    expect(testLoss.dots[0][1]).toBeCloseTo(L.loss(2), 9);
    expect(L.legend.map((l) => [l.label, l.dash])).toEqual([
      ['train', 'solid'],
      ['test', 'dash'],
    ]);
    expect(nearestPoint(points, 2.4)?.epoch).toBe(2);
    expect(hoverLines(points[0], light, 6).map((l) => l.text)).toEqual([
      'epoch 1',
      'train loss: 1.0000',
      'test loss: 2.0000',
      'train accuracy: 50.0%',
      'test accuracy: 40.0%',
    ]);
  });
});

describe('the robust curves', () => {
  it('draw robust accuracy as the main lines and clean thinner, in the run colour, test dashed', () => {
    const history = [1, 2, 3].map((e) =>
      metrics(e, e === 2 ? {} : { robustTrainAcc: 0.6, robustTestAcc: 0.3 }),
    );
    const fig = robustCurvesFigure(history, light, 3, 5);
    const traces = fig.data as (Trace & { x: number[]; fill?: string })[];
    expect(traces.map((t) => [t.name, t.line.color, t.line.dash, t.line.width])).toEqual([
      ['clean train', runColour(light, 5), 'solid', 1.25],
      ['clean test', runColour(light, 5), 'dash', 1.25],
      ['robust test', runColour(light, 5), 'dash', 2],
      ['robust train', runColour(light, 5), 'solid', 2],
    ]);
    // Robust numbers only where they were measured; the gap band fills down to robust test.
    expect(traces[2].x).toEqual([1, 3]);
    expect(traces[3].fill).toBe('tonexty');
  });

  it("with the stage's loss option add the robust train and test loss on a right-hand axis, where measured", () => {
    const history = [1, 2, 3].map((e) =>
      metrics(
        e,
        e === 2 ? {} : { robustTrainAcc: 0.6, robustTestAcc: 0.3, robustTrainLoss: 1 / e, robustTestLoss: e },
      ),
    );
    const plain = robustCurvesFigure(history, light, 3, 5);
    const fig = robustCurvesFigure(history, light, 3, 5, true);
    expect(plain.data).toHaveLength(4);
    expect(plain.layout).not.toHaveProperty('yaxis2');
    const traces = fig.data.slice(4) as (Trace & { x: number[]; y: number[]; yaxis: string })[];
    expect(traces.map((t) => [t.name, t.yaxis, t.line.color, t.line.dash])).toEqual([
      ['robust train loss', 'y2', light.chart.text, 'solid'],
      ['robust test loss', 'y2', light.chart.text, 'dash'],
    ]);
    expect(traces[0].x).toEqual([1, 3]);
    expect(traces[0].y).toEqual([1, 1 / 3]);
    expect(traces[1].y).toEqual([1, 3]);
    expect(fig.layout.yaxis2).toMatchObject({
      overlaying: 'y',
      side: 'right',
      title: { text: 'robust loss' },
    });
  });
});

describe('the 1-D landscape', () => {
  const frame: LandscapeFrame = {
    epoch: 5,
    alphas: [-0.5, 0, 0.5],
    betas: null,
    splits: ['train', 'test'],
    loss: [Float32Array.of(1, 0.25, 1.5), Float32Array.of(1.25, 0.5, 2)],
    acc: [Float32Array.of(0.5, 1, 0.5), Float32Array.of(0.5, 0.75, 0.25)],
    resolution: 3,
    fullResolution: 3,
    stage: 'complete',
    evaluated: 3,
    total: 3,
    result: null,
  };

  it('draws loss and accuracy of each split in the run colour, accuracy thinner on the right axis', () => {
    const fig = epochFigure(frame, light, 4);
    expect(fig.series.map((s) => [s.name, s.axis, s.colour, s.dash, s.width])).toEqual([
      ['train loss', 'left', runColour(light, 4), 'solid', 2],
      ['train accuracy', 'right', runColour(light, 4), 'solid', 1.25],
      ['test loss', 'left', runColour(light, 4), 'dash', 2],
      ['test accuracy', 'right', runColour(light, 4), 'dash', 1.25],
    ]);
    expect(fig.right?.domain).toEqual([0, 1.02]);
    expect(epochFigure({ ...frame, acc: null }, light, 4).right).toBeUndefined();
  });

  it('sums the curve up in words', () => {
    expect(curveSummary(frame)).toBe(
      'Epoch 5: train loss – at α = 0, 1.0000 at α = -0.50, 1.5000 at α = 0.50; test loss – at α = 0, 1.2500 at α = -0.50, 2.0000 at α = 0.50.',
    );
  });

  it('says how the curve was computed: direction, backend, time, and the workers that shared it', () => {
    const computed = (workers: number, workersNote: string | null) =>
      curveSummary({
        ...frame,
        result: {
          normalization: 'filter',
          directionSeed: 7,
          robust: null,
          backend: 'wasm',
          seconds: 0.4213,
          workers,
          workersNote,
          values: [{ center: { loss: 0.25 } }, { center: { loss: 0.5 } }],
        } as unknown as LandscapeResult,
      });
    expect(computed(2, null)).toBe(
      'Epoch 5: train loss 0.2500 at α = 0, 1.0000 at α = -0.50, 1.5000 at α = 0.50; test loss 0.5000 at α = 0, 1.2500 at α = -0.50, 2.0000 at α = 0.50. filter-normalised direction (seed 7); wasm, 0.42 s. Shared among 2 CPU workers.',
    );
    expect(computed(1, 'landscape workers are off: x')).toMatch(
      /\(seed 7\); wasm, 0\.42 s\. Note: landscape workers are off: x\.$/,
    );
  });
});

describe('the corruption comparison', () => {
  const series = (acc: number[]) => ({ loss: acc, acc, testLoss: acc, testAcc: acc, deltaLoss: acc });
  const curve = (acc: number[]): SweepCurve => ({
    norm: 'l2',
    mode: 'absolute',
    values: [0.1, 0.2],
    epsilons: [0.1, 0.2],
    radii: [[0.1], [0.2]],
    estimate: [0, 0],
    oneStep: series(acc),
    random: { trials: 1, mean: series(acc), min: series(acc), max: series(acc), each: [series(acc)] },
    multiStep: [{ steps: 5, stepScale: 1, series: series(acc.map((a) => a / 2)) }],
  });
  const rows = [8, 3].map((id, k) => ({
    run: newRun(id, defaultConfig(), `run ${id}`),
    epoch: 4,
    result: {
      clean: { loss: 0.3, acc: 0.9, testLoss: 0.3, testAcc: 0.9 },
      gradientNorm: { l2: 1, l1: 1 },
      attackSize: 2,
      testSize: 2,
      curves: [curve([k ? 0.6 : 0.8, 0.6])],
      complete: true,
    } satisfies SweepResult,
  }));

  it('draws every run in its colour, dashed (test data), the largest K of multi-step', () => {
    const fig = compareFigure(rows, 'l2/absolute', 'multiStep', light, () => 'method');
    expect(
      (fig.data as (Trace & { y: number[] })[]).map((t) => [t.name, t.line.color, t.line.dash, t.y]),
    ).toEqual([
      ['run 8: method (K = 5)', runColour(light, 8), 'dash', [0.4, 0.3]],
      ['run 3: method (K = 5)', runColour(light, 3), 'dash', [0.3, 0.3]],
    ]);
  });

  it('reads the table at one budget value', () => {
    const table = compareTableRows(rows, 'l2/absolute', 0.2);
    expect(table.map((t) => [t.clean, t.one?.acc, t.multi?.acc, t.multi?.label])).toEqual([
      [0.9, 0.6, 0.3, 'K = 5'],
      [0.9, 0.6, 0.3, 'K = 5'],
    ]);
    expect(compareTableRows(rows, 'l2/absolute', 0.15)[0].one).toBeNull();
  });
});
