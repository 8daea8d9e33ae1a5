import { adversarialExamples } from './adversarial-examples';
import type { Analysis } from './analysis';
import { fgsmSweep } from './fgsm-sweep';
import { robust } from './robust';
import { weightPerturbation } from './weight-perturbation';

/**
 * Every analysis, by id. Adding one: a file in this folder, one line here. Per-epoch analyses (those with
 * `perEpoch`) run after each epoch in the runner; the others run on demand from the UI or the CLI.
 */
export const ANALYSES: Record<string, Analysis> = {
  robust: robust as Analysis,
  'fgsm-sweep': fgsmSweep as Analysis,
  'adversarial-examples': adversarialExamples as Analysis,
  'weight-perturbation': weightPerturbation as Analysis,
};

export function getAnalysis(id: string): Analysis {
  const a = ANALYSES[id];
  if (!a) throw new Error(`Unknown analysis "${id}"`);
  return a;
}
