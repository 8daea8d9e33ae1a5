import type { MethodCard } from '../card';

const id = 'fast-at';

/**
 * "Fast is better than free" adversarial training (Wong et al.; LSA's "AT-FAST"), docs/methods/attacks.md#fgsm-with-a-random-start [V-code, AWP's
 * FGSM mode]: each step minimises the cross-entropy of FGSM with a uniform random start and α = 1.25ε
 * (`config.attack.stepSize` overrides α) against the current weights.
 */
export const fastAt: MethodCard<typeof id, []> = {
  id,
  label: 'FAST-AT',
  summary:
    'Adversarial training on FGSM with a random start and α = 1.25ε (Wong et al., docs/methods/attacks.md#fgsm-with-a-random-start).',
  paper: 'Wong, Rice, Kolter, ICLR 2020',
  docs: { page: 'attacks', anchor: 'fgsm-with-a-random-start' },
  family: 'adversarial',
  settings: [],
  trainsAgainst: () => 'fgsm-rs',
  paperName: () => 'AT-FAST',
  build: (lib) => lib.adversarialTraining(() => 'fgsm-rs'),
};
