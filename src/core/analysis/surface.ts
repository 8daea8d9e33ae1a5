/**
 * One evaluated surface L(θ + α·d₁ [+ β·d₂]) on fixed evaluation subsets: the shared pipeline of the 1-D/2-D
 * landscapes, interpolation, the PCA-trajectory contours and sharpness (docs/methods/landscapes.md, docs/methods/awp.md#robust-landscape). It
 * uploads the directions, gathers the subsets once, picks the evaluation strategy, evaluates the centre and
 * then the grid progressively, and returns plain data.
 */
import * as tf from '../tf';
import type { ParamValues } from '../params';
import { toTensors } from '../params';
import { StartRecorder } from '../attacks/start-recorder';
import type { AnalysisContext } from './analysis';
import { disposeSubsets, evalSubset } from './eval-subset';
import { type GridAxes, type GridPartial, evaluateGrid } from './grid';
import type { LandscapeSplit, LandscapeStrategy } from './landscape-options';
import type { ConcreteStrategy, EvalSet, PointEvaluator, PointObjective } from './point-eval';
import { type HelperSession, surfaceJob } from './point-eval-pool';
import { createPointEvaluator } from './point-evaluators';
import { type RobustAttackSettings, robustAttack } from './robust-attacks';

/** The robust-landscape option (docs/methods/awp.md#robust-landscape): the loss at each point is the loss under a re-run attack. */
interface RobustOption {
  /** Attack id in ROBUST_LANDSCAPE_ATTACKS, e.g. 'pgd-linf'. */
  attack: string;
  /** null = the run's attack ε (config.attack.epsilon: 0.2 on moons, 0.3 on MNIST, docs/methods/attacks.md#defaults). */
  epsilon: number | null;
  steps: number;
  stepSize: number | null;
  /** The small fixed subset the attack runs on (the first examples of the landscape subset). */
  size: number;
}

export interface SurfaceRequest {
  /** θ, the centre; not modified. Defaults to the context's parameters. */
  base?: readonly tf.Tensor[];
  directions: readonly ParamValues[];
  axes: GridAxes;
  splits: readonly LandscapeSplit[];
  /** Examples per split (the whole split if smaller). */
  subset: number;
  strategy: LandscapeStrategy;
  robust: RobustOption | null;
  /** Coarse subgrid first (default true). */
  coarse?: boolean;
  /** Points per chunk; 0 = the strategy's default. */
  chunk?: number;
  examplesPerForward?: number;
  objective?: PointObjective;
}

/** One split's values over the grid. */
interface SurfaceValues {
  split: LandscapeSplit;
  /** The subset's indices into the split (null = the whole split), so the bundle can recompute it. */
  indices: Int32Array | null;
  /** Z[row j][col i] = L(α_i, β_j), row-major, NaN where not evaluated (cancelled). */
  loss: Float32Array;
  acc: Float32Array;
  /** L and accuracy at α = β = 0 (θ itself). */
  center: { loss: number; acc: number };
  /**
   * Robust loss only: the attack's random start δ₀ for each example of the subset, [examples × example size]
   * (the same at every point: each point's attack starts from the same stream); null for the clean loss.
   */
  starts: Float32Array | null;
}

export interface Surface {
  alphas: number[];
  betas: number[] | null;
  /** [rows (β), columns (α)]. */
  shape: [number, number];
  values: SurfaceValues[];
  strategy: ConcreteStrategy;
  backend: string;
  /** Wall time of the evaluation. */
  seconds: number;
  /** false when cancelled before every point was evaluated. */
  complete: boolean;
  /** Evaluators that computed the grid at once: this one plus helper workers (docs/engine-notes.md#landscape-workers). */
  workers: number;
  /** Why fewer workers helped than the setting asked for (plain words), or null. */
  workersNote: string | null;
  /** The attack settings actually used, or null for the clean loss. */
  robust: (RobustAttackSettings & { attack: string; size: number }) | null;
}

/** A progress report: the grid so far with its axes and splits (the UI draws it as is). */
export interface SurfacePartial extends GridPartial {
  alphas: number[];
  betas: number[] | null;
  splits: LandscapeSplit[];
}

/** Evaluates the surface described by `request` around the context's (or the request's) parameters. */
export async function computeSurface(ctx: AnalysisContext, request: SurfaceRequest): Promise<Surface> {
  const started = performance.now();
  const { axes, splits, robust } = request;
  const size = robust ? Math.min(request.subset, robust.size) : request.subset;
  // Resolve the attack before allocating anything: an unknown id throws here, leaking nothing.
  const robustSettings = robust
    ? {
        epsilon: robust.epsilon ?? ctx.config.attack.epsilon,
        steps: robust.steps,
        stepSize: robust.stepSize,
        restarts: 1,
      }
    : null;
  const recorder = new StartRecorder();
  const attack =
    robust && robustSettings
      ? robustAttack(robust.attack, robustSettings, ctx.dataset.inputRange, ctx.config.seed, recorder.options)
      : null;
  const subsets = splits.map((split) => evalSubset(ctx, split, size));
  const directions = request.directions.map((d) => toTensors(ctx.model.params, d));
  const release = () => {
    recorder.dispose();
    directions.forEach((d) => tf.dispose(d));
    disposeSubsets(subsets);
  };
  let evaluator: ReturnType<typeof createPointEvaluator>;
  try {
    evaluator = createPointEvaluator(
      {
        model: ctx.model,
        base: request.base ?? ctx.params,
        directions,
        sets: subsets,
        objective: request.objective,
        attack,
        examplesPerForward: request.examplesPerForward,
        chunkSize: request.chunk ?? 0,
      },
      request.strategy,
    );
  } catch (err) {
    release();
    throw err;
  }
  const alphas = [...axes.alphas];
  const betas = axes.betas ? [...axes.betas] : null;
  // Helper workers start while the centre is evaluated and join the grid when ready (a robust loss or a
  // custom objective stays here).
  const helpers =
    ctx.helpers && !attack && !request.objective
      ? openHelpers(ctx, request, evaluator, directions, subsets)
      : null;
  /** The helpers' session once it has started (its note says why fewer helped than asked for). */
  const opened: { session: HelperSession | null } = { session: null };
  void helpers?.then((s) => (opened.session = s));
  try {
    const center = await evaluator.evaluate([directions.map(() => 0)]);
    // The centre's attacks ran set after set, in order: their starts, cut into the sets.
    recorder.recording = false;
    const recorded = attack ? (await recorder.read())[0] : undefined;
    let offset = 0;
    const starts = subsets.map((s) => (recorded ? recorded.slice(offset, (offset += s.x.size)) : null));
    const grid = await evaluateGrid(evaluator, axes, subsets.length, {
      coarse: request.coarse ?? true,
      helpers: helpers?.then((s) => s?.helpers ?? []),
      progress: (fraction, partial) =>
        ctx.progress(
          fraction,
          partial ? ({ ...partial, alphas, betas, splits: [...splits] } satisfies SurfacePartial) : undefined,
        ),
    });
    const notes = [
      opened.session?.note,
      ...grid.helperErrors.map((e) => `a landscape worker stopped (${e}); the others finished its points`),
    ].filter(Boolean);
    return {
      alphas,
      betas,
      shape: grid.shape,
      values: subsets.map((s, i) => ({
        split: s.split,
        indices: s.indices,
        loss: grid.loss[i],
        acc: grid.acc[i],
        center: { loss: center.loss[i][0], acc: center.acc[i][0] },
        starts: starts[i],
      })),
      strategy: evaluator.strategy,
      backend: tf.getBackend(),
      seconds: (performance.now() - started) / 1000,
      complete: grid.complete,
      workers: 1 + grid.helpers,
      workersNote: notes.length ? notes.join('; ') : null,
      robust: robust && robustSettings ? { ...robustSettings, attack: robust.attack, size } : null,
    };
  } finally {
    // A session still starting is closed once it has started.
    void helpers?.then((s) => s?.close());
    evaluator.dispose();
    release();
  }
}

/** Describes the surface to the context's helper pool and opens a session; null when none can help. */
async function openHelpers(
  ctx: AnalysisContext,
  request: SurfaceRequest,
  evaluator: PointEvaluator,
  directions: readonly tf.Tensor[][],
  sets: readonly EvalSet[],
): Promise<HelperSession | null> {
  if (!ctx.helpers) return null;
  try {
    const job = await surfaceJob({
      model: ctx.model,
      base: request.base ?? ctx.params,
      directions,
      sets,
      strategy: evaluator.strategy,
      examplesPerForward: request.examplesPerForward,
      chunkSize: evaluator.chunkSize,
    });
    return job && (await ctx.helpers.open(job, ctx.config.landscapeWorkers ?? 'auto'));
  } catch (err) {
    return {
      helpers: [],
      note: `the landscape workers could not start (${err instanceof Error ? err.message : String(err)})`,
      close: () => undefined,
    };
  }
}
