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

/** Every analysis' name for menus and announcements, read on the UI thread without the engine. */
export const ANALYSIS_LABELS: Record<AnalysisId, string> = {
  robust: 'Robust accuracy (PGD)',
  'fgsm-sweep': 'FGSM ε sweep and R&G score',
  'adversarial-examples': 'Adversarial examples',
  'corruption-sweep': 'Parameter corruption: ε-sweep',
  'corruption-layers': 'Parameter corruption: per-layer vulnerability',
  'corruption-trajectory': 'Parameter corruption: multi-step trajectory',
  'landscape-1d': 'Loss landscape, 1-D',
  'landscape-2d': 'Loss landscape, 2-D',
  interpolation: 'Linear interpolation between two models',
  trajectory: 'Optimisation trajectory (PCA)',
  sharpness: 'Sharpness: loss rise within r, top Hessian eigenvalue',
  lsa: 'Layer sustainability (LSA)',
  'weight-perturbation': 'Worst-case vs random weight perturbation',
  'awnet-router': 'AW-Net router: detection and signals',
  'weight-distribution': 'Filter weight distributions',
};
