/** The engine's training methods: every card of ./cards.ts with the step its `build` makes from ./lib.ts. */
import { METHOD_CARDS, type MethodId } from './cards';
import { methodLib } from './lib';
import type { TrainingMethod } from './method';

export const METHODS = Object.fromEntries(
  METHOD_CARDS.map((card): [MethodId, TrainingMethod] => [card.id, { ...card, ...card.build(methodLib) }]),
) as Record<MethodId, TrainingMethod>;

export function getMethod(id: MethodId): TrainingMethod {
  const m = METHODS[id];
  if (!m) throw new Error(`Unknown training method "${id}"`);
  return m;
}
