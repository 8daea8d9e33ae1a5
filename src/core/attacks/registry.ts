import type { AttackFn } from './attack';
import type { AttackId } from './attack-ids';
import { ATTACK_CARDS, type AttackCard } from './cards';
import { fgsm } from './fgsm';
import { fgsmRs, fgsmRsStepSize } from './fgsm-rs';
import { pgdL2 } from './pgd-l2';
import { pgdStepSize } from './pgd';
import { pgdLinf } from './pgd-linf';
import { tradesAttack } from './trades';

/** One attack: its card (./cards.ts), its function and its default step size. */
export interface AttackEntry extends AttackCard {
  run: AttackFn;
  /** α when the settings leave it null. */
  defaultStepSize(epsilon: number, steps: number): number;
}

const ENGINES: Record<AttackId, Pick<AttackEntry, 'run' | 'defaultStepSize'>> = {
  fgsm: { run: fgsm, defaultStepSize: (epsilon) => epsilon },
  'fgsm-rs': { run: fgsmRs, defaultStepSize: (epsilon) => fgsmRsStepSize(epsilon) },
  'pgd-linf': { run: pgdLinf, defaultStepSize: pgdStepSize },
  'pgd-l2': { run: pgdL2, defaultStepSize: pgdStepSize },
  trades: { run: tradesAttack, defaultStepSize: pgdStepSize },
};

/**
 * Every input attack, by id. Adding one: a file in this folder, its id in ./attack-ids.ts, its card in
 * ./cards.ts, one line here.
 */
export const ATTACKS = Object.fromEntries(
  Object.values(ATTACK_CARDS).map((card): [AttackId, AttackEntry] => [
    card.id,
    { ...card, ...ENGINES[card.id] },
  ]),
) as Record<AttackId, AttackEntry>;

export function getAttack(id: AttackId): AttackEntry {
  const a = ATTACKS[id];
  if (!a) throw new Error(`Unknown attack "${id}"`);
  return a;
}
