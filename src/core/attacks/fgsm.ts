import * as tf from '../tf';
import { sign } from '../ops';
import { perExampleCrossEntropy } from '../objectives/loss';
import { type AttackFn, addPerturbation, checkSettings, inputGradient } from './attack';

/**
 * FGSM (Goodfellow et al.), docs/methods/attacks.md#fgsm: x' = x + ε·sign(∇_x CE(f(x), y)), then clipped to the data
 * range when there is one (never for moons). No random start; steps, stepSize and restarts are ignored.
 */
export const fgsm: AttackFn = (forward, x, y, settings, _rng, inputRange, options = {}) => {
  checkSettings(settings);
  return tf.tidy(() => {
    const g = inputGradient(forward, (logits) => perExampleCrossEntropy(logits, y), x);
    const xAdv = addPerturbation(x, tf.mul(sign(g), settings.epsilon), inputRange);
    options.onIterate?.(xAdv, { restart: 0, step: 0 });
    return xAdv;
  });
};
