import type { ConfigPatch } from '../config-patch';
import type { MethodId } from '../train/cards';
import { pgdAt } from '../train/methods/pgd-at';
import { standard } from '../train/methods/standard';
import { trades } from '../train/methods/trades';
import { AWNET_MOONS, AWNET_MOONS_STATIC } from '../presets/settings';
import type { ComparisonRunSpec, Lesson } from './lesson';

/** The static baselines' training methods. */
const BASELINES = { standard: standard.id, pgdAt: pgdAt.id, trades: trades.id };

const trainedWith = (method: MethodId): ConfigPatch => ({ training: { method } });

/**
 * Step 1's runs: the AW-Net preset's static MLP, trained three ways from the same initial weights. PGD-AT
 * last and standard before it: the lab shows the last run trained and sets its weight panel beside the run
 * trained just before.
 */
const STATIC_RUNS: ComparisonRunSpec[] = [
  { id: 'stable', label: trades.label, patch: trainedWith(BASELINES.trades) },
  { id: 'plain', label: standard.label, patch: trainedWith(BASELINES.standard) },
  { id: 'worst-case', label: pgdAt.label, patch: trainedWith(BASELINES.pgdAt) },
];

/**
 * "Why does robustness cost accuracy?", a short lesson on the observation behind AW-Net (Wei, Zhao, Li 2023)
 * and our AW-Net design (docs/methods/awnet.md), on the AW-Net preset's moons (seed 1). Step 1 trains three
 * static MLPs (about 15 s in Node on wasm, bench/lessons.ts), step 2 the AW-Net (about 30 s: every batch is
 * attacked through the router). The numbers the steps quote are checked by
 * tests/unit/robustness-cost-lesson.test.ts.
 */
export const robustnessCost: Lesson = {
  id: 'robustness-cost',
  title: 'Why does robustness cost accuracy?',
  summary:
    'Adversarial training shrinks the filters; AW-Net tries to keep two sets of filters in one network and switch per input.',
  baseConfig: AWNET_MOONS,
  steps: [
    {
      id: 'filters-shrink',
      title: '1. Robust training shrinks the filters',
      text: [
        'The same MLP 2-32-32-2 on the same moons, trained three ways: **standard** training, **PGD-AT**',
        '(on worst-case inputs within ε = 0.2) and **TRADES** (clean loss plus a term keeping the answer stable',
        'within ε). Robust accuracy is measured by a 20-step PGD attack.',
        '',
        'Why the weights should differ, to first order: the loss at the worst point of the ε-ball is about',
        'L(x) + ε‖∇ₓL‖₁, and for the first layer z = Wᵀx the input gradient is W·∂L/∂z. Keeping it small for',
        'every input means **smaller filters**, for clean inputs too (Wei, Zhao, Li 2023).',
      ].join('\n'),
      config: AWNET_MOONS_STATIC,
      panels: ['weight-distribution', 'comparison'],
      stage: [{ panel: 'weight-distribution' }, { table: ['cleanTestAcc', 'robustTestAcc'] }],
      actions: [
        { kind: 'compare', runs: STATIC_RUNS },
        { kind: 'analysis', analysis: 'weight-distribution' },
      ],
      lookFor:
        'The PGD-AT filters of the first layer are smaller than the standard ones (mean L1 norm per filter ' +
        'about 0.50 against 0.64) and spread less (std 0.30 against 0.43: a narrower histogram), and the ' +
        'price is in the table: clean test accuracy 94.7 % against 98.0 %, robust test accuracy 85.2 % ' +
        'against 72.3 %.',
    },
    {
      id: 'awnet',
      title: '2. AW-Net: switch the filters per input',
      text: [
        'If one set of filters cannot serve clean and attacked inputs, let the input choose: **AW-Net** adds a',
        'router that reads x, estimates p(x), the probability that x is adversarial, and scales every filter j',
        'of the hidden layers by r_j(x). It trains on clean and PGD inputs, the attack going **through the',
        'router** (white-box), plus a loss teaching the router to detect the attack. The paper has no public',
        'code: the router and its heads are our design (docs/methods/awnet.md).',
        '',
        'The scatter places this run beside the three of step 1. The claim to test: AW-Net lies above the line',
        'of the static models (more clean accuracy at the same robust accuracy).',
      ].join('\n'),
      panels: ['tradeoff', 'awnet-router'],
      stage: [{ panel: 'tradeoff' }, { panel: 'awnet-router' }],
      actions: [{ kind: 'train' }, { kind: 'analysis', analysis: 'awnet-router' }],
      lookFor:
        'Here it does not: AW-Net ends at about 95.0 % clean and 84.4 % robust, at or just below TRADES ' +
        '(95.3 %, 85.2 %) and -0.5 pts clean against the static models\' line (the scatter\'s "vs frontier"). The ' +
        'router does tell clean from attacked inputs (AUC about 0.81), but an attack that ignores it is just as ' +
        'strong (84.0 % robust either way): on this small model the router adds nothing measurable.',
    },
  ],
};
