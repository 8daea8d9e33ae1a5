/**
 * Progressive evaluation of a 1-D curve or 2-D grid of points θ + α·d₁ (+ β·d₂) (docs/methods/landscapes.md):
 * a coarse subgrid first (reported as a partial result so a picture appears at once), then the remaining
 * points refine it in place. Z is stored as in the reference code: Z[row j][col i] = value at (α_i, β_j),
 * flat index j·nx + i (docs/methods/landscapes.md#2-d-surfaces [V-code]).
 */
import type { PointEvaluator, PointValues } from './point-eval';
import type { ChunkEvaluator } from './point-eval-pool';
import { beforeTimeout } from '../timeout';

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

/**
 * A helper with chunks out that has not answered for this long (and for LATE_FACTOR times the slowest chunk
 * seen) is late: its chunks go back to the others and it gets no more (a worker can hang or be starved;
 * the grid must not wait for it forever). Its answer, if it comes, is dropped: the values are the same.
 */
const HELPER_LATE_MS = 5000;
const LATE_FACTOR = 4;

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
   * turn, each the next one when it is free. One that fails leaves its chunk to the others; so does one
   * that is late (silent for `lateAfterMs`, default HELPER_LATE_MS). A promise: they join when it resolves
   * (the grid does not wait for them to start).
   */
  helpers?: readonly ChunkEvaluator[] | Promise<readonly ChunkEvaluator[]>;
  lateAfterMs?: number;
}

/** Points of the grid evaluated together; `done` once its values are in (whoever computed them first). */
interface Chunk {
  points: number[];
  done: boolean;
}

/**
 * Evaluates every point of the grid through `evaluator` (any strategy) and `helpers`, coarse subgrid first,
 * one read per chunk; the chunks are the same whoever evaluates them, so the values are too (on the same
 * backend). Reports `progress` after each chunk; a partial grid once the coarse stage is complete (before
 * any refinement chunk starts) and then at most every `partialEveryMs`. Once `progress` resolves false, no
 * further chunk starts (chunks asked for while the answer was pending still finish, unless late) and it
 * returns what it has (complete: false). An error of `evaluator` itself is thrown once the chunks under way
 * have settled.
 */
export async function evaluateGrid(
  evaluator: PointEvaluator,
  axes: GridAxes,
  sets: number,
  options: GridOptions = {},
): Promise<GridValues> {
  const {
    progress,
    coarse = true,
    partialEveryMs = 200,
    helpers = [],
    lateAfterMs = HELPER_LATE_MS,
  } = options;
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
    const chunks: Chunk[] = [];
    for (let start = from; start < to; start += evaluator.chunkSize)
      chunks.push({ points: order.slice(start, Math.min(start + evaluator.chunkSize, to)), done: false });
    return chunks;
  });
  /** Helpers that failed or were late (no more chunks for them), and those whose values were used. */
  const dropped = new Set<ChunkEvaluator>();
  const used = new Set<ChunkEvaluator>();
  const local: { error?: unknown; failed: boolean } = { failed: false };
  let slowestChunkMs = 0;
  const lateMs = () => Math.max(lateAfterMs, LATE_FACTOR * slowestChunkMs);
  /** Wakes the local evaluator when a helper answers, fails or joins (it may be waiting for them). */
  let wake = () => undefined as void;
  const changed = () => new Promise<void>((resolve) => (wake = resolve));
  /** Stores a chunk's values unless another evaluator was first; true when they are new. */
  const place = (chunk: Chunk, result: PointValues) => {
    if (chunk.done) return false;
    chunk.done = true;
    chunk.points.forEach((p, k) => {
      for (let s = 0; s < sets; s++) {
        values.loss[s][p] = result.loss[s][k];
        values.acc[s][p] = result.acc[s][k];
      }
    });
    values.evaluated += chunk.points.length;
    return true;
  };

  /** One stage: the queue of its chunks, and what each helper has been asked for and not yet answered. */
  interface Stage {
    queue: Chunk[];
    out: Map<ChunkEvaluator, { chunks: Set<Chunk>; heardAt: number }>;
    open: () => number;
  }
  const newStage = (chunks: Chunk[]): Stage => ({
    queue: [...chunks],
    out: new Map(),
    open: () => chunks.filter((c) => !c.done).length,
  });

  /** Lets a helper go: no more chunks for it, and those it has out go back to the queue (first answer wins). */
  const drop = (h: ChunkEvaluator, why: string, stage: Stage) => {
    if (dropped.has(h)) return;
    dropped.add(h);
    values.helperErrors.push(why);
    stage.queue.unshift(...[...(stage.out.get(h)?.chunks ?? [])].filter((c) => !c.done));
  };

  /** A helper's loop: the next chunk of the stage while there is one; a failing helper puts its chunk back. */
  const helperLoop = async (h: ChunkEvaluator, stage: Stage) => {
    const mine = stage.out.get(h) ?? { chunks: new Set<Chunk>(), heardAt: performance.now() };
    stage.out.set(h, mine);
    while (!cancelled && !local.failed && !dropped.has(h)) {
      const chunk = stage.queue.shift();
      if (!chunk) return;
      if (chunk.done) continue;
      mine.chunks.add(chunk);
      let result: PointValues;
      try {
        result = await h.evaluate(chunk.points.map(coeffsOf));
      } catch (error) {
        drop(h, error instanceof Error ? error.message : String(error), stage);
        mine.chunks.delete(chunk);
        if (!chunk.done && !stage.queue.includes(chunk)) stage.queue.unshift(chunk);
        wake();
        return;
      }
      mine.chunks.delete(chunk);
      const now = performance.now();
      slowestChunkMs = Math.max(slowestChunkMs, now - mine.heardAt);
      mine.heardAt = now;
      // Kept even from a helper let go meanwhile: the values are the same whoever computed them.
      const fresh = place(chunk, result);
      wake();
      if (!fresh) continue;
      used.add(h);
      // The report is made, and a partial taken, now; the helper goes on at once (only the answer comes later).
      if (progress) void report().catch(() => (cancelled = true));
    }
  };

  /** Lets the first helper go that has chunks out and has been silent for too long; true if there was one. */
  const lateHelper = (stage: Stage) => {
    const now = performance.now();
    for (const [h, { chunks, heardAt }] of stage.out)
      if (chunks.size && !dropped.has(h) && now - heardAt > lateMs()) {
        drop(h, `it did not answer for ${((now - heardAt) / 1000).toFixed(1)} s`, stage);
        return true;
      }
    return false;
  };
  /** How long until the first helper with chunks out would be late. */
  const untilLate = (stage: Stage) => {
    const now = performance.now();
    let wait = Infinity;
    for (const [h, { chunks, heardAt }] of stage.out)
      if (chunks.size && !dropped.has(h)) wait = Math.min(wait, heardAt + lateMs() - now);
    return wait;
  };
  /** Until a helper answers, fails or joins, or the first one with chunks out is late. */
  const waitForHelpers = (stage: Stage) => beforeTimeout(changed(), untilLate(stage), () => undefined);

  /**
   * The local evaluator's loop: chunks while there are any, then it waits for the helpers' answers, taking
   * over the chunks of one that is late. After a cancel or its own error it waits only for answers that
   * are not late.
   */
  const localLoop = async (stage: Stage) => {
    while (stage.open() > 0) {
      if (cancelled || local.failed) {
        // Answers under way still count; a late helper is not waited for.
        if (![...stage.out].some(([h, o]) => o.chunks.size && !dropped.has(h))) return;
        if (!lateHelper(stage)) await waitForHelpers(stage);
        continue;
      }
      const chunk = stage.queue.shift();
      if (chunk) {
        if (chunk.done) continue;
        const started = performance.now();
        try {
          place(chunk, await evaluator.evaluate(chunk.points.map(coeffsOf)));
        } catch (error) {
          stage.queue.unshift(chunk);
          Object.assign(local, { error, failed: true });
          continue;
        }
        slowestChunkMs = Math.max(slowestChunkMs, performance.now() - started);
        // The local evaluator yields to the host at each report.
        if (progress) await report();
        continue;
      }
      if (!lateHelper(stage)) await waitForHelpers(stage);
    }
  };

  // Helpers still starting join the stage under way when they are ready (or the next one).
  let joined: readonly ChunkEvaluator[] = [];
  let current: Stage | null = null;
  /** A helper has HELPER_DEPTH chunks asked for at once: its answers are read only between two local chunks. */
  const startHelpers = (stage: Stage, hs: readonly ChunkEvaluator[]) => {
    for (const h of hs) for (let d = 0; d < HELPER_DEPTH; d++) void helperLoop(h, stage);
  };
  void Promise.resolve(helpers).then(
    (ready) => {
      joined = ready;
      if (current) startHelpers(current, ready);
      wake();
    },
    () => undefined,
  );
  for (const chunks of stages) {
    const stage = newStage(chunks);
    current = stage;
    startHelpers(stage, joined);
    await localLoop(stage);
    current = null;
    values.helpers = [...used].filter((h) => !dropped.has(h)).length;
    if (local.failed) throw local.error;
    if (cancelled) return values;
  }
  values.complete = true;
  return values;
}
