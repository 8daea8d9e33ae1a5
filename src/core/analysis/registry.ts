import { adversarialExamples } from './adversarial-examples';
import type { Analysis } from './analysis';
import { awnetRouter } from './awnet-router';
import { corruptionLayers } from './corruption/layers';
import { corruptionSweep } from './corruption/sweep';
import { corruptionTrajectory } from './corruption/trajectory';
import { fgsmSweep } from './fgsm-sweep';
import { lsa } from './lsa';
import { robust } from './robust';
import { interpolationAnalysis } from './interpolation';
import { landscape1dAnalysis, landscape2dAnalysis } from './landscape';
import { sharpnessAnalysis } from './sharpness';
import { trajectoryAnalysis } from './trajectory';
import { weightDistributionAnalysis } from './weight-distribution';
import { weightPerturbation } from './weight-perturbation';

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
  'landscape-1d': landscape1dAnalysis as Analysis,
  'landscape-2d': landscape2dAnalysis as Analysis,
  interpolation: interpolationAnalysis as Analysis,
  trajectory: trajectoryAnalysis as Analysis,
  sharpness: sharpnessAnalysis as Analysis,
  lsa: lsa as Analysis,
  'weight-perturbation': weightPerturbation as Analysis,
  'awnet-router': awnetRouter as Analysis,
  'weight-distribution': weightDistributionAnalysis as Analysis,
};

export function getAnalysis(id: string): Analysis {
  const a = ANALYSES[id];
  if (!a) throw new Error(`Unknown analysis "${id}"`);
  return a;
}
