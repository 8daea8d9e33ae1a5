/**
 * The preset gallery's cards: the gallery presets (core/presets/gallery.ts) and LSA's paper presets
 * (core/presets/lsa.ts, one card per comparison group), each as a plan of runs and analyses.
 */
import { applyPatch } from '../../core/config-patch';
import { PRESET_GALLERY } from '../../core/presets/gallery';
import { LSA_PRESETS } from '../../core/presets/lsa';
import { presetRuns } from '../../core/presets/preset';
import type { Plan } from '../compare/sequence';
import { paperName } from '../lsa/naming';

export interface PresetCard {
  id: string;
  title: string;
  description: string;
  topics: string[];
  /** The run labels, in training order. */
  runs: string[];
  /** A warning shown on the card (e.g. made for a GPU backend). */
  caution?: string;
  plan(): Plan;
}

/** After an LSA group trains: the R&G table's FGSM sweep and a few adversarial twins for the moons figure. */
const LSA_ANALYSES = [
  { analysis: 'fgsm-sweep', settings: {} },
  { analysis: 'adversarial-examples', settings: { count: 16 } },
];

const LSA_GROUPS: { group: string; title: string; description: string; caution?: string }[] = [
  {
    group: 'lsa-a',
    title: 'Paper setting: LSA Model A, Normal vs AT vs AT-LR',
    description:
      'LSA’s moons model (three ELU layers of 100 units) trained three ways with the same seed: normally, with ' +
      'PGD adversarial training, and with AT-LR on layer 2 (AT-PGD-LR-L2). LSA runs after every epoch, so the ' +
      'epochs × layers heat-map fills in; then the FGSM ε sweep and R&G table compare the three.',
  },
  {
    group: 'lsa-b',
    title: 'Paper setting: LSA Model B on MNIST',
    description:
      'LSA’s MNIST CNN (conv16-conv32-pool-conv64-pool-fc100-10) trained normally, with AT-PGD and with ' +
      'AT-PGD-LR-L0, LSA after every epoch, then the R&G table.',
    caution:
      'Made for a GPU (WebGPU): on the WebAssembly backend an adversarial epoch of this CNN takes minutes.',
  },
];

export function presetCards(): PresetCard[] {
  const gallery: PresetCard[] = PRESET_GALLERY.map((p) => ({
    id: p.id,
    title: p.title,
    description: p.description,
    topics: p.topics,
    runs: p.partner ? [p.label, p.partner.label] : [p.label],
    caution:
      p.config.data && 'kind' in p.config.data && p.config.data.kind === 'mnist'
        ? 'MNIST: several minutes on the WebAssembly backend; faster on WebGPU.'
        : undefined,
    plan: () => ({ title: p.title, runs: presetRuns(p), analyses: p.analyses ?? [] }),
  }));
  const lsa: PresetCard[] = LSA_GROUPS.map((g) => {
    const members = LSA_PRESETS.filter((p) => p.group === g.group).map((p) => applyPatch({}, p.config));
    return {
      id: `${g.group}-paper`,
      title: g.title,
      description: g.description,
      topics: ['lsa'],
      runs: members.map(paperName),
      caution: g.caution,
      plan: () => ({
        title: g.title,
        runs: members.map((config) => ({ label: paperName(config), config })),
        analyses: LSA_ANALYSES,
      }),
    };
  });
  return [...gallery, ...lsa];
}
