import { perExampleCrossEntropy } from '../objectives/loss';
import { type AttackFn, checkSettings } from './attack';
import { linfBall } from './pgd-linf';
import { projectedAscent } from './projected-ascent';

/** FAST-AT's step size when none is set: α = 1.25ε (Wong et al.; AWP's `fgsm_alpha` = 1.25), docs/methods/attacks.md#fgsm-with-a-random-start. */
export const fgsmRsStepSize = (epsilon: number) => 1.25 * epsilon;

/**
 * FGSM with a random start ("FAST" AT, Wong et al.), docs/methods/attacks.md#fgsm-with-a-random-start [V-code: AWP's "PGD with 1 iteration"]:
 * δ₀ ~ U[−ε, ε] clipped to the data range, then ONE step δ = clip(δ₀ + α·sign(∇CE(f(x+δ₀), y)), −ε, ε) with
 * α = 1.25ε by default, then clipped to the data range. One start; steps and restarts are ignored.
 */
export const fgsmRs: AttackFn = (forward, x, y, settings, rng, inputRange, options) => {
  checkSettings(settings);
  const { epsilon } = settings;
  const alpha = settings.stepSize ?? fgsmRsStepSize(epsilon);
  return projectedAscent(
    linfBall,
    (logits) => perExampleCrossEntropy(logits, y),
    forward,
    x,
    { epsilon, steps: 1, alpha, restarts: 1 },
    rng,
    inputRange,
    options,
  );
};
