/**
 * A training method's card: everything the lab knows about the method (id, names, paper, docs, family, the
 * attack it trains against) plus `build`, which makes its optimisation step from the engine's building
 * blocks. A card file (./methods/*.ts) imports tfjs and the engine only as TYPES (lint enforces it), so the
 * UI thread reads the cards without loading the engine; the engine's registry (./registry.ts) calls `build`.
 * Adding a method: one card file, one line in ./cards.ts (docs/architecture.md#how-to-add-a-training-method).
 */
import type { AttackId } from '../attacks/attack-ids';
import type { ExperimentConfig } from '../config';
import type { DocRef } from '../doc-ref';
import type { MethodLib } from './lib';
import type { MethodEngine } from './method';
import type { SettingsSection } from './settings/section';

/**
 * What a method changes about plain training: nothing (clean), the inputs (adversarial), the weights the
 * gradient is taken at (weight corruption, weight perturbation), the inputs plus a layer regulariser, or the
 * architecture (AW-Net).
 */
export const METHOD_FAMILIES = [
  'clean',
  'adversarial',
  'weight-corruption',
  'weight-perturbation',
  'layer-regularised',
  'architecture',
] as const;
export type MethodFamily = (typeof METHOD_FAMILIES)[number];

export interface MethodCard<
  Id extends string = string,
  Settings extends readonly SettingsSection[] = readonly SettingsSection[],
> {
  id: Id;
  /** Short name for menus, e.g. "PGD-AT". */
  label: string;
  /** One sentence for the help text. */
  summary: string;
  /** The paper it follows ("Madry et al., ICLR 2018"), or null for plain training. */
  paper: string | null;
  /** Its section in the docs. */
  docs: DocRef;
  family: MethodFamily;
  /**
   * The config sections the method reads beyond the shared ones (data, model, optimizer, training, attack),
   * each a zod schema with defaults and help texts; the config schema and the controls are built from them.
   * Sections several methods read (awp, corruption, trades) are shared modules in ./settings.
   */
  settings: Settings;
  /** The input attack it trains against for a config, or null when it trains on clean inputs. */
  trainsAgainst: ((config: ExperimentConfig) => AttackId) | null;
  /** The name the LSA paper's tables give a run of this method, where it names it ("AT-PGD"). */
  paperName?: (config: ExperimentConfig) => string;
  /** It distils from a clean and an adversarially trained teacher (earlier runs of the page) when attached. */
  takesTeachers?: true;
  /** The method's step (and per-epoch numbers), from the engine's building blocks. */
  build(lib: MethodLib): MethodEngine;
}
