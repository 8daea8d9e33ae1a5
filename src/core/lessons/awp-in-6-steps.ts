import {
  MOONS_LANDSCAPE_1D,
  MOONS_LARGE_BATCH_PATCH,
  MOONS_ROBUST_LANDSCAPE,
  MOONS_ROBUST_OVERFITTING,
  MOONS_SMALL_BATCH,
} from '../presets/settings';
import type { Lesson } from './lesson';
import { awpAt } from '../train/methods/awp-at';
import { pgdAt } from '../train/methods/pgd-at';

/** The worst-case vs random comparison of step 3: kernels moved by up to 30 % of their norm. */
const WORST_VS_RANDOM = { gammaMax: 0.3, points: 11, randomDraws: 5, split: 'train', size: 256 };

/**
 * "Adversarial weight perturbation in 6 steps", for a class. Steps 1–3 use a small standard-trained
 * MLP (1–4 s of CPU per step on wasm in Node); steps 4–6 the robust-overfitting setting of
 * MOONS_ROBUST_OVERFITTING (11–15 s of CPU per run, 25 s for the two runs of step 6; bench/lessons.ts).
 * Each step is self-contained: its link loads its own configuration.
 */
export const awpInSixSteps: Lesson = {
  id: 'awp-in-6-steps',
  title: 'Adversarial weight perturbation in 6 steps',
  summary:
    'From sharp and flat minima to AWP: why perturbing the weights during adversarial training narrows the robust generalisation gap.',
  baseConfig: MOONS_SMALL_BATCH,
  steps: [
    {
      id: 'sharp-vs-flat',
      title: '1. Sharp and flat minima',
      text: [
        'Training stops at a **minimum** of the training loss, but minima differ in shape. In a **flat** minimum',
        'the loss stays low when the weights move a little; in a **sharp** one it shoots up.',
        '',
        'Two runs of the same network on the same points, with about the same number of optimiser steps:',
        '**batch 8** for 40 epochs and **batch 150** for 400 epochs. Large batches are known to settle into',
        'sharper minima (Keskar et al. 2017).',
      ].join('\n'),
      panels: ['comparison', 'landscape-1d', 'curves'],
      stage: [{ comparison: 'landscape' }, { table: ['sharpness'] }],
      actions: [
        {
          kind: 'compare',
          runs: [
            { id: 'small-batch', label: 'batch 8' },
            { id: 'large-batch', label: 'batch 150', patch: MOONS_LARGE_BATCH_PATCH },
          ],
        },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D },
      ],
      lookFor:
        'The large-batch run ends with the lower training loss but the narrower valley: its loss rises several times ' +
        'more within half a step either side (the sharpness number), and its test loss is the higher of the two.',
    },
    {
      id: 'perturb-by-hand',
      title: '2. Perturbing the weights by hand',
      text: [
        'Take the trained weights w and a random direction d, and look at the loss of **w + α·d** as α moves',
        'from −1 to 1. The direction is **filter-normalised** (Li et al. 2018): each filter of d is scaled to the',
        "norm of the same filter of w, so α = 0.5 moves every neuron's weights by half their length, whatever",
        'the scale of the layer. Biases are not moved.',
      ].join('\n'),
      panels: ['landscape-1d', 'model'],
      stage: [{ panel: 'landscape-1d' }],
      actions: [
        { kind: 'train' },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D },
      ],
      lookFor:
        'The curve has its minimum near α = 0 (the trained weights) and rises on both sides; the test curve lies ' +
        'above the training curve. A random direction is a gentle one: the loss barely moves for small α.',
    },
    {
      id: 'worst-case-direction',
      title: '3. The worst-case direction',
      text: [
        'A random direction rarely points uphill. The **worst** direction of a given size is (to first order)',
        "the loss's gradient. AWP uses it layer by layer: v_l = γ·‖w_l‖·∇_l/‖∇_l‖, so every kernel moves by the",
        'same fraction γ of its norm.',
        '',
        'Here the loss is followed along that direction and along five random directions with exactly the same',
        'per-layer sizes, for γ from 0 to 0.3.',
      ].join('\n'),
      panels: ['weight-perturbation'],
      stage: [{ panel: 'weight-perturbation' }],
      actions: [
        { kind: 'train' },
        { kind: 'analysis', analysis: 'weight-perturbation', settings: WORST_VS_RANDOM },
      ],
      lookFor:
        'At the same size the worst-case curve climbs far faster than every random one: flatness along random ' +
        'directions says little about the worst case, which is what AWP trains against.',
    },
    {
      id: 'at-overfits',
      title: '4. Adversarial training overfits robustly',
      text: [
        '**PGD adversarial training** trains on worst-case inputs x + δ, ‖δ‖∞ ≤ ε. With few, noisy points and a',
        'wide network it shows **robust overfitting** (Rice et al. 2020): the robust accuracy on the training',
        'points keeps rising while the robust accuracy on new points stalls and the robust test loss climbs.',
        '',
        'The gap between the two robust accuracies is the **robust generalisation gap**.',
      ].join('\n'),
      config: MOONS_ROBUST_OVERFITTING,
      panels: ['robust-curves', 'curves'],
      stage: [{ panel: 'robust-curves' }],
      actions: [{ kind: 'train' }],
      lookFor:
        'After the first twenty or so epochs the training robust loss keeps falling while the test robust loss climbs ' +
        '(about 0.5 → 2.4 over the run) and the test robust accuracy slips: the gap between the train and test robust ' +
        'accuracy opens up.',
    },
    {
      id: 'awp-flattens',
      title: '5. AWP flattens the robust landscape',
      text: [
        '**AT-AWP** (Wu, Xia, Wang 2020) adds one step to each batch: after the PGD attack it moves the weights to',
        'w + v in the worst-case direction of step 3 (‖v_l‖ = γ‖w_l‖), takes the training step there, and moves',
        'back by v. The network is trained to keep a low adversarial loss in a whole neighbourhood of its',
        'weights, i.e. in a **flat** region of the robust loss.',
        '',
        'The landscape here is robust: at every point along the direction the PGD attack is run again.',
      ].join('\n'),
      config: {
        ...MOONS_ROBUST_OVERFITTING,
        training: { ...MOONS_ROBUST_OVERFITTING.training, method: awpAt.id },
      },
      panels: ['landscape-1d', 'sharpness', 'robust-curves'],
      stage: [{ panel: 'landscape-1d' }, { panel: 'robust-curves' }],
      actions: [
        { kind: 'train' },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE },
      ],
      lookFor:
        'A flatter robust loss curve around α = 0 than the PGD-AT run of step 4 (compare the sharpness numbers), a ' +
        'test robust loss that climbs about half as much, and a test robust accuracy that holds.',
    },
    {
      id: 'compare',
      title: '6. AT and AT-AWP side by side',
      text: [
        'The same data, initial weights and seed, one setting changed: the training method. Both robust',
        'landscapes use the **same** random direction (the same direction seed), each scaled to its own',
        'weights.',
      ].join('\n'),
      config: MOONS_ROBUST_OVERFITTING,
      panels: ['comparison', 'robust-curves', 'landscape-1d'],
      stage: [{ comparison: 'accuracy' }, { table: ['robustTestAcc', 'robustGap', 'robustSharpness'] }],
      actions: [
        {
          kind: 'compare',
          runs: [
            { id: 'at', label: 'PGD-AT', patch: { training: { method: pgdAt.id } } },
            { id: 'awp', label: 'AT-AWP', patch: { training: { method: awpAt.id } } },
          ],
        },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_ROBUST_LANDSCAPE },
      ],
      lookFor:
        'In the table: a smaller robust generalisation gap and a smaller robust sharpness for AT-AWP, and a higher ' +
        'test robust accuracy at the last epoch.',
    },
  ],
};
