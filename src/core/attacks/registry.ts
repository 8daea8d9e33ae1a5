import type { AttackFn } from './attack';
import type { AttackId, AttackNorm } from './attack-ids';
import { fgsm } from './fgsm';
import { fgsmRs, fgsmRsStepSize } from './fgsm-rs';
import { pgdL2 } from './pgd-l2';
import { pgdStepSize } from './pgd';
import { pgdLinf } from './pgd-linf';
import { tradesAttack } from './trades';

/** One attack with what a menu, a help text and a settings form need to know about it. */
export interface AttackEntry {
  id: AttackId;
  /** Short name for menus, e.g. "PGD (L∞)". */
  label: string;
  /** The ball ε bounds. */
  norm: AttackNorm;
  /** Where its math is specified. */
  section: string;
  summary: string;
  run: AttackFn;
  /** Which of the shared settings it reads (ε always). */
  uses: { steps: boolean; stepSize: boolean; restarts: boolean };
  /** α when the settings leave it null. */
  defaultStepSize(epsilon: number, steps: number): number;
}

/** Every input attack, by id. Adding one: a file in this folder, its id in ./attack-ids.ts, one line here. */
export const ATTACKS: Record<AttackId, AttackEntry> = {
  fgsm: {
    id: 'fgsm',
    label: 'FGSM',
    norm: 'linf',
    section: 'docs/methods/attacks.md#fgsm',
    summary: 'One signed-gradient step of size ε from the clean input (Goodfellow et al.).',
    run: fgsm,
    uses: { steps: false, stepSize: false, restarts: false },
    defaultStepSize: (epsilon) => epsilon,
  },
  'fgsm-rs': {
    id: 'fgsm-rs',
    label: 'FGSM + random start',
    norm: 'linf',
    section: 'docs/methods/attacks.md#fgsm-with-a-random-start',
    summary:
      'A uniform random start in the ε-ball, then one signed step of α = 1.25ε (FAST-AT, Wong et al.).',
    run: fgsmRs,
    uses: { steps: false, stepSize: true, restarts: false },
    defaultStepSize: (epsilon) => fgsmRsStepSize(epsilon),
  },
  'pgd-linf': {
    id: 'pgd-linf',
    label: 'PGD (L∞)',
    norm: 'linf',
    section: 'docs/methods/attacks.md#pgd-l-inf',
    summary:
      'Uniform random start, K signed-gradient steps of α, each projected onto the L∞ ε-ball (Madry et al.).',
    run: pgdLinf,
    uses: { steps: true, stepSize: true, restarts: true },
    defaultStepSize: pgdStepSize,
  },
  'pgd-l2': {
    id: 'pgd-l2',
    label: 'PGD (L2)',
    norm: 'l2',
    section: 'docs/methods/attacks.md#pgd-l2',
    summary: 'Random start in the L2 ε-ball, K normalised-gradient steps of α, each projected onto the ball.',
    run: pgdL2,
    uses: { steps: true, stepSize: true, restarts: true },
    defaultStepSize: pgdStepSize,
  },
  trades: {
    id: 'trades',
    label: 'TRADES (KL)',
    norm: 'linf',
    section: 'docs/methods/attacks.md#trades',
    summary: "Maximises KL(p(x) ‖ p(x')) over the L∞ ε-ball from x + 0.001·N(0, I): TRADES' inner problem.",
    run: tradesAttack,
    uses: { steps: true, stepSize: true, restarts: false },
    defaultStepSize: pgdStepSize,
  },
};

export function getAttack(id: AttackId): AttackEntry {
  const a = ATTACKS[id];
  if (!a) throw new Error(`Unknown attack "${id}"`);
  return a;
}
