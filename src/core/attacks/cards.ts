/**
 * Every input attack's card: names, ball, docs, summary and which shared settings it reads. Free of tfjs, so
 * the UI thread builds its attack menus from it; the engine's registry (./registry.ts) adds each attack's
 * function and default step size.
 */
import type { DocRef } from '../doc-ref';
import type { AttackId, AttackNorm } from './attack-ids';

export interface AttackCard {
  id: AttackId;
  /** Short name for menus, e.g. "PGD (L∞)". */
  label: string;
  /** A few words for the menu's tooltip. */
  title: string;
  /** The ball ε bounds. */
  norm: AttackNorm;
  /** Where its math is specified. */
  docs: DocRef;
  summary: string;
  /** Which of the shared settings it reads (ε always). */
  uses: { steps: boolean; stepSize: boolean; restarts: boolean };
}

export const ATTACK_CARDS: Record<AttackId, AttackCard> = {
  fgsm: {
    id: 'fgsm',
    label: 'FGSM',
    title: 'One signed-gradient step of size ε',
    norm: 'linf',
    docs: { page: 'attacks', anchor: 'fgsm' },
    summary: 'One signed-gradient step of size ε from the clean input (Goodfellow et al.).',
    uses: { steps: false, stepSize: false, restarts: false },
  },
  'fgsm-rs': {
    id: 'fgsm-rs',
    label: 'FGSM + random start',
    title: 'Uniform random start, one signed step of 1.25ε',
    norm: 'linf',
    docs: { page: 'attacks', anchor: 'fgsm-with-a-random-start' },
    summary:
      'A uniform random start in the ε-ball, then one signed step of α = 1.25ε (FAST-AT, Wong et al.).',
    uses: { steps: false, stepSize: true, restarts: false },
  },
  'pgd-linf': {
    id: 'pgd-linf',
    label: 'PGD (L∞)',
    title: 'K projected signed steps, L∞ ball',
    norm: 'linf',
    docs: { page: 'attacks', anchor: 'pgd-l-inf' },
    summary:
      'Uniform random start, K signed-gradient steps of α, each projected onto the L∞ ε-ball (Madry et al.).',
    uses: { steps: true, stepSize: true, restarts: true },
  },
  'pgd-l2': {
    id: 'pgd-l2',
    label: 'PGD (L2)',
    title: 'K projected normalised steps, L2 ball',
    norm: 'l2',
    docs: { page: 'attacks', anchor: 'pgd-l2' },
    summary: 'Random start in the L2 ε-ball, K normalised-gradient steps of α, each projected onto the ball.',
    uses: { steps: true, stepSize: true, restarts: true },
  },
  trades: {
    id: 'trades',
    label: 'TRADES (KL)',
    title: "TRADES' inner KL maximisation",
    norm: 'linf',
    docs: { page: 'attacks', anchor: 'trades' },
    summary: "Maximises KL(p(x) ‖ p(x')) over the L∞ ε-ball from x + 0.001·N(0, I): TRADES' inner problem.",
    uses: { steps: true, stepSize: true, restarts: false },
  },
};
