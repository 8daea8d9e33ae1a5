/**
 * Every training method's card, in menu order: the one list the config schema, the engine's registry
 * (./registry.ts) and the app's menus, links and panels are derived from. Free of tfjs (the cards import the
 * engine as types only). Adding a method: one card file in ./methods, one line here
 * (docs/architecture.md#how-to-add-a-training-method).
 */
import type { z } from 'zod';
import type { SettingsSection } from './settings/section';
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
  (typeof METHOD_CARDS)[number]
>;

type MethodSection = (typeof METHOD_CARDS)[number]['settings'][number];

/** The config sections the methods read, by key, each defaulting to its schema's defaults. */
export type MethodSettingsShape = { [S in MethodSection as S['key']]: z.ZodDefault<S['schema']> };

/** Every method's settings section once (several methods share one, e.g. awp); one schema per key. */
function methodSections(): SettingsSection[] {
  const byKey = new Map<string, SettingsSection>();
  for (const section of METHOD_CARDS.flatMap((card): readonly SettingsSection[] => card.settings)) {
    const known = byKey.get(section.key);
    if (known && known.schema !== section.schema)
      throw new Error(`Two method cards declare different settings under "${section.key}".`);
    byKey.set(section.key, section);
  }
  return [...byKey.values()];
}

/** The methods' sections of the config schema (src/core/config.ts), in card order. */
export const METHOD_SETTINGS_SHAPE = Object.fromEntries(
  methodSections().map(({ key, schema }) => [key, schema.default(schema.parse({}))]),
) as MethodSettingsShape;
