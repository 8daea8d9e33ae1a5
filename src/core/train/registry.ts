import type { TrainingMethod } from './method';
import type { MethodId } from './method-ids';
import { atLr } from './methods/at-lr';
import { standard } from './methods/standard';

/** Every training method, by id. Adding a method: one file in ./methods, one id, one line here. */
export const METHODS: Record<MethodId, TrainingMethod> = {
  standard,
  'at-lr': atLr,
};

export function getMethod(id: MethodId): TrainingMethod {
  const m = METHODS[id];
  if (!m) throw new Error(`Unknown training method "${id}"`);
  return m;
}
