/**
 * LSA's Algorithm 1, the Most Vulnerable Layers (docs/methods/lsa.md#most-vulnerable-layers [V-slides]): μ and σ of the comparison
 * measure, then MVL = sorted { l : CM_l − μ > η·σ }. Pure numbers, no tfjs (the UI can re-run it when η moves).
 *
 * Our reading of the slides [U]:
 * - μ and σ are taken over all (sample, layer) pairs, i.e. over the per-sample relative errors
 *   CM(φ_l(x_m), φ_l(x̂_m)) of every sample m and every layer l ("pairs", the default);
 * - CM_l, the layer's score compared with the threshold, is the mean of its per-sample values;
 * - σ is the population standard deviation (divide by the count, as numpy's default).
 * With the released code's single batch number per layer there are no per-sample values; "layers" then takes
 * μ and σ over the L layer scores themselves (an option, [P]).
 */

export const MVL_STATISTICS = ['pairs', 'layers'] as const;
/** What μ and σ are taken over: all (sample, layer) pairs (paper) or the L layer scores ([P]). */
export type MvlStatistic = (typeof MVL_STATISTICS)[number];

export interface MvlResult {
  /** CM_l per layer, the values compared with the threshold. */
  scores: number[];
  mu: number;
  sigma: number;
  /** μ + η·σ. */
  threshold: number;
  eta: number;
  /** Indices l with CM_l − μ > η·σ, ascending. */
  mvl: number[];
}

/** Mean and population standard deviation of the finite values (NaN, NaN if there are none). */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    n++;
    sum += values[i];
  }
  const mean = n > 0 ? sum / n : NaN;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sumSq += (values[i] - mean) ** 2;
  return { mean, std: n > 0 ? Math.sqrt(sumSq / n) : NaN };
}

/**
 * MVL = { l : scores_l − μ > η·σ }, with μ, σ = mean and population std of `population` (docs/methods/lsa.md#most-vulnerable-layers). The strict
 * inequality is the slides'; η is the user's cut-off (no published default [U]).
 */
export function mostVulnerableLayers(
  scores: readonly number[],
  population: ArrayLike<number>,
  eta: number,
): MvlResult {
  const { mean: mu, std: sigma } = meanAndStd(population);
  const mvl = scores.flatMap((s, l) => (s - mu > eta * sigma ? [l] : []));
  return { scores: [...scores], mu, sigma, threshold: mu + eta * sigma, eta, mvl };
}

/**
 * Algorithm 1 on per-sample relative errors (`perSample[l][m]`, NaN = undefined and left out): scores are
 * the per-layer means; μ, σ over the pairs ("pairs") or over the layer scores ("layers").
 */
export function mvlFromPerSample(
  perSample: readonly ArrayLike<number>[],
  eta: number,
  statistic: MvlStatistic = 'pairs',
): MvlResult {
  const scores = perSample.map((row) => meanAndStd(row).mean);
  const population = statistic === 'pairs' ? perSample.flatMap((row) => Array.from(row)) : scores;
  return mostVulnerableLayers(scores, population, eta);
}
