/**
 * Every model's card, in menu order: the list the config's model section and the model builders
 * (./registry.ts) are keyed by. Free of tfjs. Adding a model: one card in ./cards, one line here, its builder.
 */
import { awnetModel } from './cards/awnet';
import { cnnModel } from './cards/cnn';
import { mlpModel } from './cards/mlp';

export const MODEL_CARDS = [mlpModel, cnnModel, awnetModel] as const;

export type ModelKind = (typeof MODEL_CARDS)[number]['kind'];

type SchemasOf<Cards> = { -readonly [I in keyof Cards]: Cards[I] extends { schema: infer S } ? S : never };
type Schemas = SchemasOf<typeof MODEL_CARDS>;

/** The models' config sections, for the config's discriminated union on `kind`. */
export const MODEL_SCHEMAS = MODEL_CARDS.map((card) => card.schema) as Schemas;

/** A model's card by kind. */
export const MODEL_CARD = Object.fromEntries(MODEL_CARDS.map((card) => [card.kind, card])) as Record<
  ModelKind,
  (typeof MODEL_CARDS)[number]
>;
