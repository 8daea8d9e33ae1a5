/**
 * Whether a run that trained all its epochs ended where training is meant to end — near the lowest loss it
 * reached — or far from it: the loss rose over each of the last epochs, or ended at ten times its best (the
 * loss before training counts: a run that ends far above where it started got worse). Such a run is
 * "unstable", not "finished"; the usual cause is a learning rate that is too large for the loss surface.
 * Pure data (the training loss after each epoch), no tfjs.
 */

/** Epochs of steady rise that make a run unstable. */
const RISING_EPOCHS = 3;
/** The final loss at this many times the best makes a run unstable. */
const FAR_FACTOR = 10;
/**
 * Changes smaller than this (nats of cross-entropy) never count: a loss going from 0.001 to 0.01 near a
 * perfect fit is noise, not instability.
 */
const MIN_RISE = 0.1;

export interface Instability {
  /** One sentence, starting lower-case after "unstable: ". */
  reason: string;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(2) : v.toPrecision(3);

/**
 * `losses`: the training loss after epochs 1…n; `initial`: before the first epoch, when known. Null when the
 * run ended near its best.
 */
export function assessStability(losses: readonly number[], initial?: number | null): Instability | null {
  const n = losses.length;
  if (n === 0 || !losses.every(Number.isFinite)) return null;
  const final = losses[n - 1];
  const start = initial !== undefined && initial !== null && Number.isFinite(initial) ? [initial] : [];
  const best = Math.min(...start, ...losses);
  if (final >= FAR_FACTOR * best && final - best >= MIN_RISE)
    return {
      reason: `the loss ended at ${fmt(final)}, ${fmt(final / Math.max(best, 1e-12))}× its best (${fmt(best)})`,
    };
  if (n > RISING_EPOCHS) {
    const window = losses.slice(n - RISING_EPOCHS - 1);
    const rising = window.every((v, i) => i === 0 || v > window[i - 1]);
    const from = window[0];
    if (rising && final - from >= MIN_RISE && final >= 1.25 * from)
      return {
        reason: `the loss went up in each of the last ${RISING_EPOCHS} epochs (from ${fmt(from)} to ${fmt(final)})`,
      };
  }
  return null;
}
