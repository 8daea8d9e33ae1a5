/**
 * Bench section: loss landscapes. For LSA Model A (2-100-100-100-2 ELU, docs/methods/lsa.md#models-a-and-b) on 1,000
 * moons points, per Node backend: the time of a coarse 11×11 picture, of the full 51×51 grid (measured, or
 * extrapolated from the points done within a time budget, and said so), and the per-point cost of the
 * evaluation strategies measured side by side on the same points: a plain per-point loop (a new parameter
 * list by θ + α·d₁ + β·d₂ per tensor, the loss, one `await data()` per point), our loop (θ + C·D in two ops,
 * one read per 32 points) and our batched-over-weights evaluation (64 weight sets per batched matMul), all
 * computing the mean loss and accuracy.
 * Random initial weights: the cost does not depend on their values.
 */
import os from 'node:os';
import * as tf from '../src/core/tf';
import type { AnalysisContext } from '../src/core/analysis/analysis';
import { randomDirections } from '../src/core/analysis/directions';
import { landscape2dAnalysis } from '../src/core/analysis/landscape';
import type { ConcreteStrategy } from '../src/core/analysis/point-eval';
import { createPointEvaluator } from '../src/core/analysis/point-evaluators';
import { type ExperimentConfigInput, parseConfig } from '../src/core/config';
import { moonsDataset } from '../src/core/data/moons';
import { axpy, readValues, toTensors } from '../src/core/params';
import { Runner } from '../src/core/train/runner';
import { crossEntropy } from '../src/core/objectives/loss';
import { type NodeBackend, useBackend } from '../src/node/backend';

export interface LandscapeBenchRow {
  backend: NodeBackend;
  model: string;
  examples: number;
  /** 11×11 with the default (auto) strategy: wall time, and this process' CPU time (robust to a busy machine). */
  coarseSeconds: number;
  coarseCpuSeconds: number;
  /** 51×51 with the default strategy: measured, or extrapolated from `fullPointsMeasured` points. */
  fullSeconds: number;
  fullCpuSeconds: number;
  fullPointsMeasured: number;
  fullExtrapolated: boolean;
  /** Per-point CPU milliseconds on the same points, measured back to back. */
  msPerPoint: Record<'plainLoop' | ConcreteStrategy, number>;
  fastest: ConcreteStrategy;
  /** plain loop ÷ fastest strategy. */
  speedup: number;
}

/** LSA Model A on exactly 1,000 training points (n = 1429, 30% test → 429 test, 1000 train). */
const MODEL_A: ExperimentConfigInput = {
  seed: 1,
  data: { kind: 'moons', n: 1429, noise: 0.15, testFraction: 0.3 },
  model: { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' },
  training: { epochs: 1 },
};
/** The app's default model, for the strategy comparison only. */
const DEFAULT_MODEL: ExperimentConfigInput = {
  ...MODEL_A,
  model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
};

/** CPU seconds a backend may spend on the 51×51 grid before the rest is extrapolated; points compared per strategy. */
const PLAN: Record<NodeBackend, { fullBudget: number; comparePoints: number }> = {
  wasm: { fullBudget: 40, comparePoints: 128 },
  cpu: { fullBudget: 10, comparePoints: 32 },
};

async function runnerFor(input: ExperimentConfigInput, backend: NodeBackend): Promise<Runner> {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const cfg = parsed.config;
  if (cfg.data.kind !== 'moons') throw new Error('moons expected');
  return Runner.create(cfg, moonsDataset(cfg.data, cfg.seed), backend, () => {});
}

/**
 * CPU seconds of this process since `start`. tfjs cpu and wasm run on one thread in Node, so this is about
 * the time on an idle core, and far less disturbed than wall time when other jobs share the machine.
 */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Times one landscape-2d run; after `budget` CPU seconds it is cancelled (progress → false). */
async function timeGrid(ctx: AnalysisContext, resolution: number, budget = Infinity) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const timed: AnalysisContext = {
    ...ctx,
    progress: async () => cpuSecondsSince(cpuStart) < budget,
  };
  const settings = landscape2dAnalysis.parseSettings({ resolution, splits: ['train'], subset: 1000 });
  const r = await landscape2dAnalysis.run(timed, settings);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSecondsSince(cpuStart);
  const evaluated = Array.from(r.values[0].loss).filter(Number.isFinite).length;
  return { seconds, cpuSeconds, evaluated, strategy: r.strategy, complete: r.complete };
}

/** Per-point CPU ms of the plain loop and of both strategies, on the same points, back to back (best of `repeats`). */
async function comparePerPoint(runner: Runner, points: number, repeats: number) {
  const t = runner.trainer;
  const model = t.model;
  const theta = await readValues(t.vars);
  const shapes = model.params.map((p) => p.shape);
  const dirs = randomDirections(theta, shapes, {
    seed: 1,
    count: 2,
    normalization: 'filter',
    includeBiases: false,
    orthogonalize: false,
  });
  const [d1, d2] = dirs.map((d) => toTensors(model.params, d));
  const coeffs = Array.from({ length: points }, (_, i) => [-1 + (2 * i) / points, 1 - (2 * i) / points]);
  const x = t.xTrain;
  const y = t.yTrain;

  // The same job as the strategies (mean loss and accuracy), the straightforward way.
  const plainLoop = async () => {
    for (const [a, b] of coeffs) {
      const out = tf.tidy(() => {
        const logits = model.apply(axpy(t.vars, [a, d1], [b, d2]), x).logits;
        return tf.stack([
          crossEntropy(logits, y),
          tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')),
        ]);
      });
      await out.data();
      out.dispose();
    }
  };
  const strategy = (name: ConcreteStrategy) => async () => {
    // Batches of min(64, points) weight sets, so no padded (wasted) sets are timed.
    const chunkSize = name === 'batched' ? Math.min(64, points) : 0;
    const ev = createPointEvaluator(
      { model, base: t.vars, directions: [d1, d2], sets: [{ x, y }], chunkSize },
      name,
    );
    for (let s = 0; s < coeffs.length; s += ev.chunkSize)
      await ev.evaluate(coeffs.slice(s, s + ev.chunkSize));
    ev.dispose();
  };
  const variants = {
    plainLoop,
    loop: strategy('loop'),
    fused: strategy('fused'),
    batched: strategy('batched'),
  };
  const best: Record<string, number> = {};
  for (let r = 0; r < repeats; r++)
    for (const [name, fn] of Object.entries(variants)) {
      const started = process.cpuUsage();
      await fn();
      const ms = (1000 * cpuSecondsSince(started)) / points;
      best[name] = Math.min(best[name] ?? Infinity, ms);
    }
  tf.dispose([...d1, ...d2]);
  return best as Record<'plainLoop' | ConcreteStrategy, number>;
}

async function benchBackend(backend: NodeBackend): Promise<LandscapeBenchRow> {
  await useBackend(backend);
  const plan = PLAN[backend];
  const runner = await runnerFor(MODEL_A, backend);
  try {
    const ctx = runner.analysisContext('landscape-2d');
    await timeGrid(ctx, 3); // warm-up: kernels, wasm pages
    const coarse = await timeGrid(ctx, 11);
    const full = await timeGrid(ctx, 51, plan.fullBudget);
    const ms = await comparePerPoint(runner, plan.comparePoints, backend === 'wasm' ? 2 : 1);
    const strategies: ConcreteStrategy[] = ['loop', 'fused', 'batched'];
    const fastest = strategies.reduce((a, b) => (ms[b] < ms[a] ? b : a));
    return {
      backend,
      model: runner.trainer.model.description,
      examples: runner.trainer.yTrain.shape[0],
      coarseSeconds: coarse.seconds,
      coarseCpuSeconds: coarse.cpuSeconds,
      fullSeconds: full.complete ? full.seconds : (full.seconds * 2601) / full.evaluated,
      fullCpuSeconds: full.complete ? full.cpuSeconds : (full.cpuSeconds * 2601) / full.evaluated,
      fullPointsMeasured: full.evaluated,
      fullExtrapolated: !full.complete,
      msPerPoint: ms,
      fastest,
      speedup: ms.plainLoop / ms[fastest],
    };
  } finally {
    await runner.cancel();
  }
}

const f = (x: number, digits = 2) => x.toFixed(digits);

/** Prints and returns the landscape timings for the Node backends (about 2 minutes on 2 idle cores). */
export async function benchLandscape(): Promise<LandscapeBenchRow[]> {
  const load = os.loadavg()[0];
  console.log(
    `\nLoss landscape: LSA Model A on 1,000 moons points; load average ${f(load, 1)} on ${os.cpus().length} cores` +
      (load > os.cpus().length ? ' (busy machine: times are inflated)' : ''),
  );
  const rows: LandscapeBenchRow[] = [];
  for (const backend of ['wasm', 'cpu'] as const) {
    const r = await benchBackend(backend);
    rows.push(r);
    const ms = r.msPerPoint;
    console.log(
      `  ${backend.padEnd(4)} ${r.model}, ${r.examples} points: 11×11 ${f(r.coarseSeconds)} s (CPU ${f(r.coarseCpuSeconds)} s)` +
        ` | 51×51 ${r.fullExtrapolated ? '≈ ' : ''}${f(r.fullSeconds, 1)} s (CPU ${f(r.fullCpuSeconds, 1)} s)` +
        (r.fullExtrapolated ? `, extrapolated from ${r.fullPointsMeasured} of 2601 points` : '') +
        `\n       per point (CPU time), same ${PLAN[backend].comparePoints} points: plain loop ${f(ms.plainLoop)} ms, loop ${f(ms.loop)} ms, ` +
        `fused ${f(ms.fused)} ms, batched ${f(ms.batched)} ms → fastest (${r.fastest}) is ${f(r.speedup)}× the plain loop`,
    );
  }
  // The app's default model: how the strategies compare when the per-op overhead, not arithmetic, dominates.
  for (const backend of ['wasm', 'cpu'] as const) {
    await useBackend(backend);
    const runner = await runnerFor(DEFAULT_MODEL, backend);
    const ms = await comparePerPoint(runner, 256, 2);
    await runner.cancel();
    console.log(
      `  ${backend.padEnd(4)} ${runner.trainer.model.description}, 1000 points, per point (CPU time): plain loop ${f(ms.plainLoop)} ms, ` +
        `loop ${f(ms.loop)} ms, fused ${f(ms.fused)} ms, batched ${f(ms.batched)} ms`,
    );
  }
  return rows;
}

// Runnable on its own: node --import ./scripts/node-esm-resolve.mjs --import tsx bench/landscape.ts
if (import.meta.url === `file://${process.argv[1]}`) await benchLandscape();
