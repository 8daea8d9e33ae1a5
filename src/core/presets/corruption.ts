/**
 * Presets for the corruption defences (pure data). Measured in tests/unit/corruption-defence.test.ts: on
 * moons (default data and 2-16-16-2 tanh MLP, Adam 0.01), ACR and APD with this setting reach ≥ 95% clean
 * test accuracy and lose less test accuracy than standard training under a 10-step L2 corruption of fixed
 * absolute size ε ∈ {0.25, 0.5}. With the default 30 epochs the comparison did not hold for every seed
 * (seed 3 at ε = 0.25 and 0.5); with 60 epochs it held for seeds 1–5.
 */
import type { ExperimentConfigInput } from '../config';

/** Training setting of the defence comparison: relative L2 budget ρ = 0.02 of ‖θ‖, 60 epochs. */
export const CORRUPTION_DEFENCE_PRESET = {
  training: { epochs: 60 },
  corruption: { norm: 'l2', budget: 'relative', rho: 0.02, scope: 'all', steps: 3, lambda: 1 },
} satisfies ExperimentConfigInput;

/** The corruption the comparison is made under: K-step L2, absolute ε (the same ε for every model). */
export const CORRUPTION_DEFENCE_CHECK = { norm: 'l2', epsilons: [0.25, 0.5], steps: 10 } as const;
