/**
 * The clean-vs-robust trade-off of a session's runs (AW-Net's figure, docs/methods/awnet.md): each run a
 * point (robust accuracy, clean accuracy), the frontier of the static models, and whether a run lies above
 * it. Pure data, no tfjs: the UI draws it.
 */

export interface TradeoffPoint {
  /** Robust (adversarial) test accuracy. */
  robust: number;
  /** Clean test accuracy. */
  clean: number;
}

/**
 * "WRA (mean)": the mean of clean and robust accuracy. The paper's Weighted Robust Accuracy is not defined
 * in what we could read; this mean is our assumption about it.
 */
export const wraMean = (p: TradeoffPoint) => (p.clean + p.robust) / 2;

/**
 * The upper-right frontier of `points` (no other point is at least as good in both), sorted by robust
 * accuracy: the best clean accuracy a static model reached at each level of robustness.
 */
export function tradeoffFrontier(points: readonly TradeoffPoint[]): TradeoffPoint[] {
  const sorted = [...points].sort((a, b) => b.robust - a.robust || b.clean - a.clean);
  const frontier: TradeoffPoint[] = [];
  for (const p of sorted)
    if (!frontier.length || p.clean > frontier[frontier.length - 1].clean) frontier.push(p);
  return frontier.reverse();
}

/**
 * How far `p` lies above the frontier's piecewise-linear line at its robust accuracy, in clean accuracy (> 0:
 * above the trade-off of the static models). Beyond the frontier's ends the line is flat (the end points'
 * clean accuracy); null without a frontier.
 */
export function aboveFrontier(p: TradeoffPoint, frontier: readonly TradeoffPoint[]): number | null {
  if (!frontier.length) return null;
  const first = frontier[0];
  const last = frontier[frontier.length - 1];
  if (p.robust <= first.robust) return p.clean - first.clean;
  if (p.robust >= last.robust) return p.clean - last.clean;
  for (let i = 1; i < frontier.length; i++) {
    const [a, b] = [frontier[i - 1], frontier[i]];
    if (p.robust <= b.robust) {
      const t = (p.robust - a.robust) / (b.robust - a.robust || 1);
      return p.clean - (a.clean + t * (b.clean - a.clean));
    }
  }
  return p.clean - last.clean;
}
