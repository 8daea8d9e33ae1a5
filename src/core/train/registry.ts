import type { TrainingMethod } from './method';
import type { MethodId } from './method-ids';
import { acr } from './methods/acr';
import { apd } from './methods/apd';
import { atLr } from './methods/at-lr';
import { awnet } from './methods/awnet';
import { awpAt } from './methods/awp-at';
import { awpTrades } from './methods/awp-trades';
import { fastAt } from './methods/fast-at';
import { fgsmAt } from './methods/fgsm-at';
import { pgdAt } from './methods/pgd-at';
import { rwp } from './methods/rwp';
import { standard } from './methods/standard';
import { trades } from './methods/trades';

/** Every training method, by id. Adding a method: one file in ./methods, one id, one line here. */
export const METHODS: Record<MethodId, TrainingMethod> = {
  standard,
  'fgsm-at': fgsmAt,
  'fast-at': fastAt,
  'pgd-at': pgdAt,
  trades,
  acr,
  apd,
  'at-lr': atLr,
  'awp-at': awpAt,
  'awp-trades': awpTrades,
  rwp,
  awnet,
};

export function getMethod(id: MethodId): TrainingMethod {
  const m = METHODS[id];
  if (!m) throw new Error(`Unknown training method "${id}"`);
  return m;
}
