/**
 * The ids of the registered analyses. Kept free of tfjs (like ../attacks/attack-ids.ts) so the config schema
 * and the UI thread can name them without loading the engine. Each id has one line in ./registry.ts and one
 * section in docs/run-bundle.md.
 */
export const ANALYSIS_IDS = [
  'robust',
  'fgsm-sweep',
  'adversarial-examples',
  'corruption-sweep',
  'corruption-layers',
  'corruption-trajectory',
  'landscape-1d',
  'landscape-2d',
  'interpolation',
  'trajectory',
  'sharpness',
  'lsa',
  'weight-perturbation',
  'awnet-router',
  'weight-distribution',
] as const;
export type AnalysisId = (typeof ANALYSIS_IDS)[number];
