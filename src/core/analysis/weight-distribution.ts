/**
 * `weight-distribution`: the observation behind AW-Net (Wei, Zhao, Li, arXiv 2306.03430;
 * docs/methods/awnet.md): standard and adversarially trained models of the same architecture have visibly
 * different filter weight distributions. Per weight tensor (kernel), a histogram of its entries and, per
 * filter (TF.js' last axis: a dense unit's incoming weights, a conv kernel's output channel), the L1 norm
 * and the standard deviation. Plain JS on the read-back values: the same numbers on every backend.
 */
import { z } from 'zod';
import { isWeight } from '../models/model';
import type { ParamSpec } from '../models/model';
import { type ParamValues, readValues } from '../params';
import type { Analysis } from './analysis';
import { ANALYSIS_LABELS } from './analysis-ids';

const WeightDistributionSettingsSchema = z.object({
  /** Histogram bins per tensor (over [−max|w|, max|w|]). */
  bins: z.number().int().min(4).max(200).default(41),
});
export type WeightDistributionSettings = z.infer<typeof WeightDistributionSettingsSchema>;

export interface LayerDistribution {
  /** The kernel's parameter name, e.g. "dense0/kernel". */
  name: string;
  layer: string;
  shape: number[];
  /** Bin edges (bins + 1, symmetric around 0) and counts. */
  edges: number[];
  counts: number[];
  /** Per filter j (last axis): Σ|w| and the standard deviation of its entries. */
  filterL1: number[];
  filterStd: number[];
  /** Over the whole tensor. */
  mean: number;
  std: number;
  meanAbs: number;
}

export interface WeightDistributionResult {
  layers: LayerDistribution[];
  /** Mean over layers of the mean per-filter L1 norm and std (the metrics table's columns). */
  metrics: Record<string, number>;
}

/** Histogram and per-filter statistics of one kernel (filter = last axis), in float64. */
export function layerDistribution(
  spec: Pick<ParamSpec, 'name' | 'layer' | 'shape'>,
  w: Float32Array,
  bins: number,
): LayerDistribution {
  const out = spec.shape[spec.shape.length - 1];
  const perFilter = w.length / out;
  const sum = new Float64Array(out);
  const sumSq = new Float64Array(out);
  const l1 = new Float64Array(out);
  let max = 0;
  let total = 0;
  let totalSq = 0;
  let totalAbs = 0;
  for (let e = 0; e < w.length; e++) {
    const v = w[e];
    const j = e % out;
    sum[j] += v;
    sumSq[j] += v * v;
    l1[j] += Math.abs(v);
    max = Math.max(max, Math.abs(v));
    total += v;
    totalSq += v * v;
    totalAbs += Math.abs(v);
  }
  const limit = max > 0 ? max : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -limit + (2 * limit * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (let e = 0; e < w.length; e++)
    counts[Math.min(bins - 1, Math.floor(((w[e] + limit) / (2 * limit)) * bins))]++;
  const variance = (s: number, sq: number, n: number) => Math.max(0, sq / n - (s / n) ** 2);
  const mean = total / w.length;
  return {
    name: spec.name,
    layer: spec.layer,
    shape: [...spec.shape],
    edges,
    counts,
    filterL1: Array.from(l1),
    filterStd: Array.from(sum, (s, j) => Math.sqrt(variance(s, sumSq[j], perFilter))),
    mean,
    std: Math.sqrt(variance(total, totalSq, w.length)),
    meanAbs: totalAbs / w.length,
  };
}

/** The distributions of every kernel (rank ≥ 2) of a parameter list. */
function weightDistribution(
  specs: readonly ParamSpec[],
  values: ParamValues,
  bins: number,
): WeightDistributionResult {
  const layers = specs.flatMap((spec, i) =>
    isWeight(spec.shape) ? [layerDistribution(spec, values[i], bins)] : [],
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return {
    layers,
    metrics: {
      filterL1Mean: mean(layers.map((l) => mean(l.filterL1))),
      filterStdMean: mean(layers.map((l) => mean(l.filterStd))),
    },
  };
}

/** Registered analysis `weight-distribution`: after the last epoch of every AW-Net run, on demand otherwise. */
export const weightDistributionAnalysis: Analysis<WeightDistributionSettings, WeightDistributionResult> = {
  id: 'weight-distribution',
  label: ANALYSIS_LABELS['weight-distribution'],
  parseSettings: (input) => WeightDistributionSettingsSchema.parse(input ?? {}),
  perEpoch: (config, epoch) =>
    config.model.kind === 'awnet' && epoch === config.training.epochs
      ? WeightDistributionSettingsSchema.parse({})
      : null,
  async run(ctx, s) {
    return weightDistribution(ctx.model.params, await readValues(ctx.params), s.bins);
  },
};
