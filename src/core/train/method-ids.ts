/**
 * The ids of the registered training methods. Kept free of tfjs so the UI thread can validate configs
 * (share links) without loading the engine. Each id has exactly one file in ./methods and one line in
 * ./registry.ts.
 */
export const METHOD_IDS = [
  'standard',
  'fgsm-at',
  'fast-at',
  'pgd-at',
  'trades',
  'acr',
  'apd',
  'at-lr',
  'awp-at',
  'awp-trades',
  'rwp',
  'awnet',
] as const;
export type MethodId = (typeof METHOD_IDS)[number];
