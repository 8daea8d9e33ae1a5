/**
 * The paper's names for AT-LR runs (docs/methods/lsa.md#lsa-and-at-lr): "AT-<attack>-LR-L<k>" regularises layer k only, e.g.
 * AT-PGD-LR-L2, and the attack each base trains against. Kept free of tfjs so the UI thread can label runs without loading the engine.
 */
import { type AttackId, PGD_BY_NORM } from '../attacks/attack-ids';
import type { ExperimentConfig } from '../config';
import type { AtlrBase } from './settings/atlr';

/** LSA's names of the base adversarial trainings (AT-FGSM, AT-FAST, AT-PGD, AT-TRADE). */
const ATLR_BASE_NAMES: Record<AtlrBase, string> = {
  fgsm: 'FGSM',
  fast: 'FAST',
  pgd: 'PGD',
  trades: 'TRADE',
};

/** The part of the `atlr` config section that names and weights the layers. */
export interface AtlrLayerChoice {
  base: AtlrBase;
  layers: readonly number[] | 'mvl';
  gamma: number;
  gammaPerLayer: readonly number[];
}

/** The probes a hand-picked AT-LR regularises: the listed ones with γ_l > 0, ascending, without repeats. */
export function regularisedLayers(atlr: Omit<AtlrLayerChoice, 'base'>): number[] {
  if (atlr.layers === 'mvl') return [];
  return [...new Set(atlr.layers)].filter((l) => layerGamma(atlr, l) > 0).sort((a, b) => a - b);
}

/** γ_l: the per-layer value where one is given, else the common γ (docs/methods/lsa.md#lsa-and-at-lr, default 1 [P]). */
export function layerGamma(atlr: Pick<AtlrLayerChoice, 'gamma' | 'gammaPerLayer'>, layer: number): number {
  return atlr.gammaPerLayer[layer] ?? atlr.gamma;
}

/**
 * "AT-PGD-LR-L2" for layer 2 by hand; several layers are joined ("AT-PGD-LR-L0-L2"); the current MVL gives
 * "AT-PGD-LR-MVL"; no layer with γ > 0 leaves the plain base name ("AT-PGD").
 */
export function atlrName(atlr: AtlrLayerChoice): string {
  const base = `AT-${ATLR_BASE_NAMES[atlr.base]}`;
  if (atlr.layers === 'mvl') return `${base}-LR-MVL`;
  const layers = regularisedLayers(atlr);
  return layers.length ? `${base}-LR-${layers.map((l) => `L${l}`).join('-')}` : base;
}

/** The training attack of each base (docs/methods/lsa.md#lsa-and-at-lr: FGSM docs/methods/attacks.md#fgsm, FAST = FGSM-RS docs/methods/attacks.md#fgsm-with-a-random-start, PGD docs/methods/attacks.md#pgd-l-inf/docs/methods/attacks.md#pgd-l2, TRADES docs/methods/attacks.md#trades). */
export const ATLR_BASE_ATTACK: Record<AtlrBase, (config: ExperimentConfig) => AttackId> = {
  fgsm: () => 'fgsm',
  fast: () => 'fgsm-rs',
  pgd: (config) => PGD_BY_NORM[config.attack.norm],
  trades: () => 'trades',
};
