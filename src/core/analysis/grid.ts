/**
 * Progressive evaluation of a 1-D curve or 2-D grid of points θ + α·d₁ (+ β·d₂) (docs/methods/landscapes.md):
 * a coarse subgrid first (reported as a partial result so a picture appears at once), then the remaining
 * points refine it in place. Z is stored as in the reference code: Z[row j][col i] = value at (α_i, β_j),
 * flat index j·nx + i (docs/methods/landscapes.md#2-d-surfaces [V-code]).
 */
import type { PointEvaluator, PointValues } from './point-eval';
import type { ChunkEvaluator } from './point-eval-pool';

export interface GridAxes {
  alphas: readonly number[];
  /** null for a 1-D curve. */
  betas: readonly number[] | null;
}

export interface GridValues {
  /** [rows = β count (1 for a curve), columns = α count]. */
  shape: [number, number];
  /** Per evaluation set, row-major; NaN where not evaluated (yet). */
  loss: Float32Array[];
  acc: Float32Array[];
  evaluated: number;
  complete: boolean;
  /** Helper evaluators that computed chunks (and did not fail). */
  helpers: number;
  /** Why helper evaluators stopped (each one that failed; their chunks went to the others). */
  helperErrors: string[];
}

/** What a progress report carries: the grid so far, and which rows/columns form the coarse subgrid. */
export interface GridPartial extends GridValues {
  stage: 'coarse' | 'refine';
  coarse: { alphaIndices: number[]; betaIndices: number[] };
}

/** Reports progress; resolves false to cancel (the host's AnalysisContext.progress). */
type GridProgress = (fraction: number, partial?: GridPartial) => Promise<boolean>;

/** n evenly spaced numbers from lo to hi, both included (numpy's linspace). */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  // Weighted form: exact endpoints, exact 0 at the centre of a symmetric range, symmetric values.
  return Array.from({ length: n }, (_, i) => (lo * (n - 1 - i) + hi * i) / (n - 1));
}

/** Chunks a helper evaluator is asked for at a time (see `evaluateGrid`). */
const HELPER_DEPTH = 2;

/** Points per axis of the coarse picture (11×11 for a 51×51 grid). */
const COARSE_TARGET = 11;

/**
 * Indices of one axis' coarse points: every s-th point and the last one. s divides n − 1 when some
 * divisor gives about 11 points (51 → every 5th, 11 points; 25 → every 3rd, 9 points), so the coarse grid
 * is evenly spaced and spans the full range. Axes of ≤ 13 points have no coarse pass (all indices).
 */
export function coarseAxisIndices(n: number, target = COARSE_TARGET): number[] {
  if (n <= target + 2) return Array.from({ length: n }, (_, i) => i);
  let best = 0;
  for (let s = 2; s < n - 1; s++) {
    if ((n - 1) % s !== 0) continue;
    const count = (n - 1) / s + 1;
    const bestCount = best ? (n - 1) / best + 1 : Infinity;
    if (Math.abs(count - target) <= Math.abs(bestCount - target)) best = s;
  }
  const step = best || Math.max(2, Math.round((n - 1) / (target - 1)));
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += step) out.push(i);
  out.push(n - 1);
  return out;
}

/** The coarse subgrid of a partial result as its own small grid (for a contour before refinement). */
export function coarseSubgrid(partial: GridPartial, axes: GridAxes, set = 0) {
  const { alphaIndices, betaIndices } = partial.coarse;
  const nx = partial.shape[1];
  const loss = new Float32Array(alphaIndices.length * betaIndices.length);
  betaIndices.forEach((j, r) =>
    alphaIndices.forEach((i, c) => (loss[r * alphaIndices.length + c] = partial.loss[set][j * nx + i])),
  );
  return {
    alphas: alphaIndices.map((i) => axes.alphas[i]),
    betas: axes.betas ? betaIndices.map((j) => axes.betas![j]) : null,
    shape: [betaIndices.length, alphaIndices.length] as [number, number],
    loss,
  };
}

export interface GridOptions {
  progress?: GridProgress;
  /** Evaluate a coarse subgrid first (default true). */
  coarse?: boolean;
  /** Least time between two partial results during refinement (they are copies posted to the UI). */
  partialEveryMs?: number;
  /**
   * More evaluators computing the same values (e.g. other workers): they and `evaluator` take the chunks in
   * turn, each the next one when it is free. One that fails leaves its chunk to the others. A promise:
   * they join when it resolves (the grid does not wait for them to start).
   */
  helpers?: readonly ChunkEvaluator[] | Promise<readonly ChunkEvaluator[]>;
}

/**
 * Evaluates every point of the grid through `evaluator` (any strategy) and `helpers`, coarse subgrid first,
 * one read per chunk; the chunks are the same whoever evaluates them, so the values are too (on the same
 * backend). Reports `progress` after each chunk; a partial grid once the coarse stage is complete (before
 * any refinement chunk starts) and then at most every `partialEveryMs`. Once `progress` resolves false, no
 * further chunk starts (chunks asked for while the answer was pending still finish) and it returns what it
 * has (complete: false). An error of `evaluator` itself is thrown
 * once the chunks under way have settled.
 */
export async function evaluateGrid(
  evaluator: PointEvaluator,
  axes: GridAxes,
  sets: number,
  options: GridOptions = {},
): Promise<GridValues> {
  const { progress, coarse = true, partialEveryMs = 200, helpers = [] } = options;
  const nx = axes.alphas.length;
  const ny = axes.betas ? axes.betas.length : 1;
  const total = nx * ny;
  const values: GridValues = {
    shape: [ny, nx],
    loss: Array.from({ length: sets }, () => new Float32Array(total).fill(NaN)),
    acc: Array.from({ length: sets }, () => new Float32Array(total).fill(NaN)),
    evaluated: 0,
    complete: false,
    helpers: 0,
    helperErrors: [],
  };
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  const alphaIndices = coarse ? coarseAxisIndices(nx) : all(nx);
  const betaIndices = coarse && axes.betas ? coarseAxisIndices(ny) : all(ny);
  const first = betaIndices.flatMap((j) => alphaIndices.map((i) => j * nx + i));
  const inFirst = new Uint8Array(total);
  for (const p of first) inFirst[p] = 1;
  const order = [...first, ...all(total).filter((p) => !inFirst[p])];
  const coeffsOf = (p: number) => {
    const alpha = axes.alphas[p % nx];
    return axes.betas ? [alpha, axes.betas[Math.floor(p / nx)]] : [alpha];
  };
  const snapshot = (stage: GridPartial['stage']): GridPartial => ({
    ...values,
    loss: values.loss.map((a) => a.slice()),
    acc: values.acc.map((a) => a.slice()),
    stage,
    coarse: { alphaIndices, betaIndices },
  });

  let lastPartial = performance.now();
  let cancelled = false;
  /** After a chunk is placed: progress, with the coarse picture when this chunk completed it. */
  const report = async () => {
    const done = values.evaluated;
    const coarseDone = done === first.length && first.length < total;
    const now = performance.now();
    // No partial while the coarse picture is incomplete: the first one shown is the whole coarse grid.
    const refining = done > first.length || first.length === total;
    const withPartial = coarseDone || (refining && done < total && now - lastPartial >= partialEveryMs);
    if (withPartial) lastPartial = now;
    const partial = withPartial ? snapshot(done <= first.length ? 'coarse' : 'refine') : undefined;
    if (!(await progress!(done / total, partial))) cancelled = true;
  };

  // Chunks never straddle the end of the coarse stage, so its picture is reported as soon as it is done.
  const stages = [
    [0, first.length],
    [first.length, total],
  ].map(([from, to]) => {
    const chunks: number[][] = [];
    for (let start = from; start < to; start += evaluator.chunkSize)
      chunks.push(order.slice(start, Math.min(start + evaluator.chunkSize, to)));
    return chunks;
  });
  const failed = new Set<ChunkEvaluator>();
  const used = new Set<ChunkEvaluator>();
  const local: { error?: unknown; failed: boolean } = { failed: false };
  /** One evaluator's loop: the next chunk of `queue` while there is one; a failing helper puts its chunk back. */
  const pump = async (e: ChunkEvaluator, queue: number[][]) => {
    while (!cancelled && !local.failed && !failed.has(e)) {
      const chunk = queue.shift();
      if (!chunk) return;
      let result: PointValues;
      try {
        result = await e.evaluate(chunk.map(coeffsOf));
      } catch (error) {
        queue.unshift(chunk);
        if (e === evaluator) Object.assign(local, { error, failed: true });
        else if (!failed.has(e)) {
          failed.add(e);
          values.helperErrors.push(error instanceof Error ? error.message : String(error));
        }
        return;
      }
      chunk.forEach((p, k) => {
        for (let s = 0; s < sets; s++) {
          values.loss[s][p] = result.loss[s][k];
          values.acc[s][p] = result.acc[s][k];
        }
      });
      values.evaluated += chunk.length;
      if (e !== evaluator) used.add(e);
      if (!progress) continue;
      // The local evaluator yields to the host at each report; a helper goes on with its next chunk at once
      // (the report is made, and a partial taken, now; only its answer comes later).
      const reported = report();
      if (e === evaluator) await reported;
      else void reported.catch(() => (cancelled = true));
    }
  };
  /**
   * A helper has HELPER_DEPTH chunks asked for at once: its answer is read only between two of the local
   * evaluator's chunks (each blocks this thread while it computes), so with one request it would wait idle.
   */
  const helperLoops = (h: ChunkEvaluator, queue: number[][]) =>
    Array.from({ length: HELPER_DEPTH }, () => pump(h, queue));
  // Helpers still starting join the stage under way when they are ready (or the next one).
  let joined: readonly ChunkEvaluator[] = [];
  let stage: { queue: number[][]; loops: Promise<void>[] } | null = null;
  void Promise.resolve(helpers).then(
    (ready) => {
      joined = ready;
      if (stage) stage.loops.push(...ready.flatMap((h) => helperLoops(h, stage!.queue)));
    },
    () => undefined,
  );
  for (const queue of stages) {
    const current = {
      queue,
      loops: [pump(evaluator, queue), ...joined.flatMap((h) => helperLoops(h, queue))],
    };
    stage = current;
    for (let settled = 0; settled < current.loops.length;) {
      const n = current.loops.length;
      await Promise.all(current.loops);
      settled = n;
    }
    stage = null;
    // Helpers that failed after the local evaluator ran out of chunks left theirs: it takes them now.
    if (!local.failed && !cancelled && queue.length) await pump(evaluator, queue);
    values.helpers = used.size - [...used].filter((h) => failed.has(h)).length;
    if (local.failed) throw local.error;
    if (cancelled) return values;
  }
  values.complete = true;
  return values;
}
