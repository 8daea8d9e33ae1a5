/**
 * Every training method's card, in menu order: the one list the config schema, the engine's registry
 * (./registry.ts) and the app's menus, links and panels are derived from. Free of tfjs (the cards import the
 * engine as types only). Adding a method: one card file in ./methods, one line here
 * (docs/architecture.md#how-to-add-a-training-method).
 */
import type { MethodCard } from './card';
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
import { samAt } from './methods/sam-at';
import { standard } from './methods/standard';
import { trades } from './methods/trades';

export const METHOD_CARDS = [
  standard,
  fgsmAt,
  fastAt,
  pgdAt,
  trades,
  acr,
  apd,
  atLr,
  awpAt,
  awpTrades,
  rwp,
  samAt,
  awnet,
] as const;

export type MethodId = (typeof METHOD_CARDS)[number]['id'];

/** The method ids, for the config schema's enum. */
export const METHOD_IDS = METHOD_CARDS.map((card) => card.id) as [MethodId, ...MethodId[]];

/** A method's card by id. */
export const METHOD_CARD = Object.fromEntries(METHOD_CARDS.map((card) => [card.id, card])) as Record<
  MethodId,
  MethodCard<MethodId>
>;
