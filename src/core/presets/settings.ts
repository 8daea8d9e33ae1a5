/**
 * Settings shared by the preset gallery, the lessons and the claim tests, so the numbers a description
 * quotes and the configuration a test measures are one and the same. Pure data.
 */
import type { ConfigPatch } from '../config-patch';

/**
 * Robust overfitting on two moons, small enough to train in seconds: 60 noisy training points (n = 300, of
 * which 80 % are held out for an accurate test figure), a wide ReLU MLP 2-128-128-2, Adam lr 0.01, batch 10,
 * 150 epochs; PGD-5 training attack at ε = 0.1 (α = 2.5ε/K = 0.05, docs/methods/attacks.md#defaults), PGD-20 robust accuracy on
 * the training split and 256 test points every 5 epochs. Found by bench/awp-search.ts: PGD-AT's
 * test robust loss climbs while its training robust loss keeps falling. γ = 0.03 for AWP: with only three
 * kernels the paper-code default 0.01 (docs/methods/awp.md#the-update) barely changes the outcome; docs/methods/awp.md#robust-landscape suggests 0–0.05
 * for small models.
 */
export const MOONS_ROBUST_OVERFITTING = {
  seed: 3,
  data: { kind: 'moons', n: 300, noise: 0.3, testFraction: 0.8 },
  model: { kind: 'mlp', hidden: [128, 128], activation: 'relu' },
  optimizer: { kind: 'adam', lr: 0.01 },
  training: { epochs: 150, batchSize: 10, method: 'pgd-at' },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.1, steps: 5, stepSize: null, restarts: 1 },
  robustEval: { enabled: true, epsilon: 0.1, steps: 20, every: 5, testSize: 256, trainSize: 256 },
  awp: { gamma: 0.03, warmup: 0, steps: 1 },
} satisfies ConfigPatch;

/** A robust 1-D landscape of the training loss (docs/methods/awp.md#robust-landscape: PGD re-run at every point) for that setting. */
export const MOONS_ROBUST_LANDSCAPE = {
  span: 0.5,
  resolution: 11,
  splits: ['train', 'test'],
  subset: 256,
  radius: 0.5,
  directionSeed: 101,
  robust: { attack: 'pgd-linf', epsilon: 0.1, steps: 10, stepSize: null, size: 256 },
};

/**
 * Sharp vs flat minima on moons (Keskar et al.'s large-batch effect): the same MLP 2-32-32-2 (tanh), Adam
 * lr 0.01, about the same number of optimiser steps, batch 8 for 40 epochs (760 steps) vs batch 150 for
 * 400 epochs (800 steps).
 */
export const MOONS_SMALL_BATCH = {
  seed: 1,
  data: { kind: 'moons', n: 300, noise: 0.2, testFraction: 0.5 },
  model: { kind: 'mlp', hidden: [32, 32], activation: 'tanh' },
  optimizer: { kind: 'adam', lr: 0.01 },
  training: { epochs: 40, batchSize: 8, method: 'standard' },
} satisfies ConfigPatch;

export const MOONS_LARGE_BATCH_PATCH = { training: { epochs: 400, batchSize: 150 } } satisfies ConfigPatch;

/** The clean 1-D landscape of a trained moons model, train and test (docs/methods/landscapes.md#1-d-curves). */
export const MOONS_LANDSCAPE_1D = {
  span: 1,
  resolution: 41,
  splits: ['train', 'test'],
  radius: 0.5,
  directionSeed: 7,
};

/**
 * AW-Net on two moons (docs/methods/awnet.md): the default moons (n = 1000, noise 0.15) with an MLP 2-32-32-2
 * (tanh) whose two hidden layers are weight-varied by the router, 30 epochs of Adam lr 0.01, batch 32; PGD-10
 * at ε = 0.2 through the whole network for training, PGD-20 for the robust accuracy (256 test points, every 5
 * epochs and the last). The static baselines use the same MLP: `AWNET_MOONS_STATIC`.
 */
export const AWNET_MOONS = {
  seed: 1,
  data: { kind: 'moons', n: 1000, noise: 0.15, testFraction: 0.3 },
  model: { kind: 'awnet', hidden: [32, 32], activation: 'tanh', signal: 'mix', lambda: 0.5 },
  optimizer: { kind: 'adam', lr: 0.01 },
  training: { epochs: 30, batchSize: 32, method: 'awnet' },
  attack: { kind: 'pgd', norm: 'linf', epsilon: 0.2, steps: 10, stepSize: null, restarts: 1 },
  robustEval: { enabled: true, epsilon: 0.2, steps: 20, every: 5, testSize: 256, trainSize: 256 },
  awnet: { loss: 'ce', detectionWeight: 1 },
} satisfies ConfigPatch;

/**
 * AWNET_MOONS with tanh signals at full range, r = 1 + tanh(V_l h(x)) ∈ (0, 2) (λ = 1): a router that shapes
 * the answer enough for the attack's path through it to matter
 * (docs/methods/awnet.md#the-router-in-the-attacked-graph).
 */
export const AWNET_MOONS_TANH = {
  ...AWNET_MOONS,
  model: { ...AWNET_MOONS.model, signal: 'tanh', lambda: 1 },
} satisfies ConfigPatch;

/** The static MLP of AWNET_MOONS (same widths and activation) for ST / PGD-AT / TRADES baselines. */
export const AWNET_MOONS_STATIC = {
  model: { kind: 'mlp', hidden: [32, 32], activation: 'tanh' },
} satisfies ConfigPatch;
