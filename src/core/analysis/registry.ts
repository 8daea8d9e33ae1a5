import { ATTACKS } from '../attacks/registry';
import { adversarialExamples } from './adversarial-examples';
import type { Analysis } from './analysis';
import { corruptionLayers } from './corruption/layers';
import { corruptionSweep } from './corruption/sweep';
import { corruptionTrajectory } from './corruption/trajectory';
import { fgsmSweep } from './fgsm-sweep';
import { interpolationAnalysis } from './interpolation';
import { landscape1dAnalysis, landscape2dAnalysis } from './landscape';
import { lsa } from './lsa';
import { robust } from './robust';
import { ROBUST_LANDSCAPE_ATTACKS } from './robust-attacks';
import { sharpnessAnalysis } from './sharpness';
import { trajectoryAnalysis } from './trajectory';
import { weightPerturbation } from './weight-perturbation';

// The robust landscapes (METHODS.md §5.5) re-run the registered input attacks at every perturbed model.
for (const attack of Object.values(ATTACKS)) ROBUST_LANDSCAPE_ATTACKS[attack.id] = attack.run;

/**
 * Every analysis, by id. Adding one: a file in this folder, one line here. Per-epoch analyses (those with
 * `perEpoch`) run after each epoch in the runner; the others run on demand from the UI or the CLI.
 */
export const ANALYSES: Record<string, Analysis> = {
  robust: robust as Analysis,
  'fgsm-sweep': fgsmSweep as Analysis,
  'adversarial-examples': adversarialExamples as Analysis,
  [corruptionSweep.id]: corruptionSweep,
  [corruptionLayers.id]: corruptionLayers,
  [corruptionTrajectory.id]: corruptionTrajectory,
  'weight-perturbation': weightPerturbation as Analysis,
  [landscape1dAnalysis.id]: landscape1dAnalysis as Analysis,
  [landscape2dAnalysis.id]: landscape2dAnalysis as Analysis,
  [interpolationAnalysis.id]: interpolationAnalysis as Analysis,
  [trajectoryAnalysis.id]: trajectoryAnalysis as Analysis,
  [sharpnessAnalysis.id]: sharpnessAnalysis as Analysis,
  lsa: lsa as Analysis,
};

export function getAnalysis(id: string): Analysis {
  const a = ANALYSES[id];
  if (!a) throw new Error(`Unknown analysis "${id}"`);
  return a;
}
