import type { TrainingMethod } from './method';
import type { MethodId } from './method-ids';
import { acr } from './methods/acr';
import { apd } from './methods/apd';
import { standard } from './methods/standard';

/** Every training method, by id. Adding a method: one file in ./methods, one id, one line here. */
export const METHODS: Record<MethodId, TrainingMethod> = {
  standard,
  acr,
  apd,
};

export function getMethod(id: MethodId): TrainingMethod {
  const m = METHODS[id];
  if (!m) throw new Error(`Unknown training method "${id}"`);
  return m;
}
