import { MOONS_LANDSCAPE_1D, MOONS_LARGE_BATCH_PATCH, MOONS_SMALL_BATCH } from '../presets/settings';
import type { ComparisonRunSpec, Lesson } from './lesson';

/**
 * The two runs every comparison of this lesson trains: the flat-vs-sharp pair of the first lesson (batch 8
 * for 40 epochs vs batch 150 for 400 epochs, about the same number of optimiser steps), under the same ids,
 * labels and configurations, so a lab that keeps runs by configuration trains each of them once.
 */
const BATCH_RUNS: ComparisonRunSpec[] = [
  { id: 'small-batch', label: 'batch 8' },
  { id: 'large-batch', label: 'batch 150', patch: MOONS_LARGE_BATCH_PATCH },
];

/**
 * The 1-D landscape of step 2 without filter normalisation: the random direction gets unit norm per layer
 * (`dlayer`), whatever the size of the weights; same line seed and grid as MOONS_LANDSCAPE_1D.
 */
const UNNORMALISED_LANDSCAPE_1D = { ...MOONS_LANDSCAPE_1D, normalization: 'dlayer' };

/** The plane of step 3: d₁ is the 1-D line's direction (same seed), d₂ the next draw; 21 × 21 points. */
const FLAT_OR_SHARP_LANDSCAPE_2D = {
  span: 1,
  resolution: 21,
  splits: ['train'],
  radius: MOONS_LANDSCAPE_1D.radius,
  directionSeed: MOONS_LANDSCAPE_1D.directionSeed,
};

/** The PCA of the path through the per-epoch snapshots, with its loss contours (25 × 25). */
const FLAT_OR_SHARP_TRAJECTORY = { resolution: 25, splits: ['train'] };

/** Step 5: the rise within the same radius on an 11 × 11 plane and the top Hessian eigenvalue. */
const FLAT_OR_SHARP_SHARPNESS = {
  radius: MOONS_LANDSCAPE_1D.radius,
  directionSeed: MOONS_LANDSCAPE_1D.directionSeed,
};

/**
 * "Flat or sharp? Loss landscapes in 5 steps", for a class. Every step uses the two moons MLPs of the
 * first lesson's step 1 (each trains in about a second of CPU in Node on wasm, bench/lessons.ts); the
 * analyses are small (41 to 625 points on 150 examples). The numbers the steps quote are checked against a
 * fresh computation by tests/unit/flat-or-sharp-lesson.test.ts.
 */
export const flatOrSharp: Lesson = {
  id: 'flat-or-sharp',
  title: 'Flat or sharp? Loss landscapes in 5 steps',
  summary:
    'Batch size and flat minima, why landscapes need filter normalisation, lines vs planes, the path training takes, and sharpness as numbers.',
  baseConfig: MOONS_SMALL_BATCH,
  steps: [
    {
      id: 'batch-size',
      title: '1. Small batches, large batches',
      text: [
        'Two runs of the same network on the same points, from the same initial weights, with about the same',
        'number of optimiser steps: **batch 8** for 40 epochs and **batch 150** for 400 epochs. Keskar et al.',
        '(2017) found that large batches settle into **sharper** minima, which generalise worse.',
        '',
        'To see the shape of a minimum, follow the loss from the trained weights w along one random direction',
        'd: the loss of **w + α·d** for α from −1 to 1. Both runs use the same random draw.',
      ].join('\n'),
      panels: ['comparison', 'landscape-1d'],
      stage: [{ comparison: 'landscape' }, { table: ['sharpness'] }],
      actions: [
        { kind: 'compare', runs: BATCH_RUNS },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D },
      ],
      lookFor:
        'The batch-150 valley is far narrower: within half a step either side its training loss rises by about ' +
        '0.94, the batch-8 one by about 0.13 (under the overlaid curves, and in the sharpness column of the ' +
        'table). At α = 0 the batch-150 run has the lower training loss (0.03 vs 0.21) but the higher test loss ' +
        '(0.41 vs 0.31).',
    },
    {
      id: 'filter-normalisation',
      title: '2. Why filter normalisation',
      text: [
        'What does "α = 0.5" mean? A ReLU network computes the same function when one layer is multiplied by',
        'c > 0 and the next divided by c (ReLU(c·z) = c·ReLU(z)). A random step of fixed length is a big move for',
        'small weights and a tiny one for large weights, so without normalisation the same function can look',
        'sharp or flat depending on how its layers happen to be scaled.',
        '',
        '**Filter normalisation** (Li et al. 2018) scales each filter of d to the norm of the same filter of w:',
        'α = 0.5 moves every neuron by half its own length. Here the line is drawn **without** it: each layer of',
        'd has length 1, whatever the size of the weights. (This network uses tanh, which is not exactly',
        'scale-invariant, but the size effect is the same.)',
      ].join('\n'),
      panels: ['comparison', 'landscape-1d', 'weight-distribution'],
      stage: [{ comparison: 'landscape' }, { panel: 'weight-distribution' }],
      actions: [
        { kind: 'compare', runs: BATCH_RUNS },
        { kind: 'analysis', analysis: 'landscape-1d', settings: UNNORMALISED_LANDSCAPE_1D },
        { kind: 'analysis', analysis: 'weight-distribution' },
      ],
      lookFor:
        'The ranking of step 1 flips: unnormalised, the batch-150 run rises less (about 0.011 vs 0.016, under ' +
        'the overlaid curves), although it is about seven times sharper per filter. The weight panel shows why: ' +
        'its filters are larger (a larger L1 norm per filter in every layer), so a step of length 1 moves them ' +
        'relatively less.',
    },
    {
      id: 'line-or-plane',
      title: '3. A line or a plane',
      text: [
        'A 1-D curve costs a few dozen evaluations and can be compared run against run. A 2-D picture adds a',
        'second random direction: L(w + α·d₁ + β·d₂) on a grid, here 21 × 21 = 441 points. Its first direction',
        'd₁ is the line of steps 1 and 5 (the same seed), so the curve is the β = 0 row of the surface.',
        '',
        'This is the batch-150 run of step 1.',
      ].join('\n'),
      config: MOONS_LARGE_BATCH_PATCH,
      panels: ['landscape-1d', 'landscape-2d'],
      stage: [{ panel: 'landscape-1d' }, { panel: 'landscape-2d' }],
      actions: [
        { kind: 'train' },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D },
        { kind: 'analysis', analysis: 'landscape-2d', settings: FLAT_OR_SHARP_LANDSCAPE_2D },
      ],
      lookFor:
        'Within the same radius r = 0.5 the plane finds a larger rise than the line (about 1.06 against 0.94: ' +
        'the numbers under each picture), off the line (β ≠ 0): one random line understates how sharp a minimum ' +
        'is, and a random plane need not contain the sharpest direction either (step 5).',
    },
    {
      id: 'pca-trajectory',
      title: '4. The path training took',
      text: [
        'Random directions are nearly orthogonal to the path the optimiser took (in over a thousand weight',
        'dimensions almost every direction is), so they cannot show it. Li et al. (2018, §7) instead take the',
        'weights after every epoch, subtract the final ones and run a **PCA**: the first two principal directions',
        'span the plane the path moved in, and the loss is drawn on that plane with the path on top.',
        '',
        'The caveat: the path lives in a very low-dimensional subspace, so the plane is chosen to show **how',
        'training got there**, not the shape of the minimum: it shows little of the landscape around the end',
        'point (the random directions of steps 1–3 make an angle of about 90° with both principal directions).',
        'The batch-150 run again (401 snapshots).',
      ].join('\n'),
      config: MOONS_LARGE_BATCH_PATCH,
      panels: ['trajectory'],
      stage: [{ panel: 'trajectory' }],
      actions: [
        { kind: 'train' },
        { kind: 'analysis', analysis: 'trajectory', settings: FLAT_OR_SHARP_TRAJECTORY },
      ],
      lookFor:
        'The two principal directions explain about 93 % and 4 % of the path (97 % together): 400 epochs of ' +
        'training stay almost in one plane. The path starts about 11 units from the end point (0, 0) and bends ' +
        'once; around (0, 0) the picture shows the long valley it came down, not the sharp directions of steps ' +
        '1–3, which are almost orthogonal to this plane.',
    },
    {
      id: 'sharpness-numbers',
      title: '5. Sharpness in numbers',
      text: [
        'Pictures depend on the directions drawn; numbers make runs comparable. Two of them, for both runs:',
        '',
        '- the **largest rise within r** along the 1-D line (steps 1 and 3; on a plane in step 3);',
        '- the **top eigenvalue λ_max of the Hessian** of the training loss (power iteration on Hessian-vector',
        '  products): the curvature in the sharpest direction, which no random picture has to contain.',
        '',
        'None of them is a complete measure: like the pictures without filter normalisation, λ_max changes when',
        'the layers of a ReLU network are rescaled (Dinh et al. 2017).',
      ].join('\n'),
      panels: ['comparison', 'landscape-1d', 'sharpness'],
      stage: [{ comparison: 'landscape' }, { table: ['sharpness', 'hessianTopEigenvalue'] }],
      actions: [
        { kind: 'compare', runs: BATCH_RUNS },
        { kind: 'analysis', analysis: 'landscape-1d', settings: MOONS_LANDSCAPE_1D },
        { kind: 'analysis', analysis: 'sharpness', settings: FLAT_OR_SHARP_SHARPNESS },
      ],
      lookFor:
        'Both numbers rank the runs the same way: λ_max about 8.8 for batch 150 against 1.2 for batch 8 ' +
        '(under the overlaid curves, and in the λ_max column of the table), and about seven times the rise ' +
        'along the line (0.94 vs 0.13).',
    },
  ],
};
