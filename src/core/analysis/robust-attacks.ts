/**
 * The input attacks a robust landscape can re-run at every perturbed model (docs/methods/awp.md#robust-landscape [V-issue]: for
 * each α, PGD is regenerated against f_{w+αd}, not reused from w). The attacks themselves live in
 * src/core/attacks; this file defines the shape the landscape needs and the table it looks them up in.
 */
import type * as tf from '../tf';
import type { AttackOptions } from '../attacks/attack';
import { ATTACKS } from '../attacks/registry';
import { Rng } from '../rng';

/** A classifier with its parameters fixed: inputs → logits [batch, classes]. */
type Forward = (x: tf.Tensor) => tf.Tensor2D;

/** What a robust landscape calls at each point: x_adv for (x, y) against `forward`. The caller owns x_adv. */
export type InputAttack = (forward: Forward, x: tf.Tensor, y: tf.Tensor1D) => tf.Tensor;

/** The attack knobs a robust landscape sets. */
export interface RobustAttackSettings {
  epsilon: number;
  steps: number;
  /** null = the attack's default rule (PGD: 2.5ε/steps, docs/methods/attacks.md#defaults). */
  stepSize: number | null;
  restarts: number;
}

/**
 * An attack in the shape of src/core/attacks (`AttackFn`): pure, random starts drawn from `rng`,
 * `inputRange` null = never clip (moons).
 */
export type RegisteredAttack = (
  forward: Forward,
  x: tf.Tensor,
  y: tf.Tensor1D,
  settings: RobustAttackSettings,
  rng: Rng,
  inputRange: readonly [number, number] | null,
  options?: AttackOptions,
) => tf.Tensor;

/**
 * The attacks a robust landscape may use, by id: every attack of src/core/attacks/registry.ts ('pgd-linf',
 * 'pgd-l2', 'fgsm', …); tests may add their own.
 */
export const ROBUST_LANDSCAPE_ATTACKS: Record<string, RegisteredAttack> = Object.fromEntries(
  Object.values(ATTACKS).map((entry) => [entry.id, entry.run]),
);

/**
 * The InputAttack for one robust landscape. Every point starts the attack from the same random stream
 * (`Rng.stream(seed, 'attack', 'landscape')`), so neighbouring points differ only by their weights (common
 * random numbers: a smoother surface, and the same numbers on every backend). `options` go to every call
 * (e.g. a StartRecorder's).
 */
export function robustAttack(
  id: string,
  settings: RobustAttackSettings,
  inputRange: readonly [number, number] | null,
  seed: number,
  options?: AttackOptions,
): InputAttack {
  const run = ROBUST_LANDSCAPE_ATTACKS[id];
  if (!run) {
    const known = Object.keys(ROBUST_LANDSCAPE_ATTACKS);
    throw new Error(
      `The robust landscape needs the attack "${id}", which is not available` +
        (known.length ? ` (available: ${known.join(', ')})` : ' (no attacks are registered)'),
    );
  }
  return (forward, x, y) =>
    run(forward, x, y, settings, Rng.stream(seed, 'attack', 'landscape'), inputRange, options);
}
