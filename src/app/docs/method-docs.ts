import type { MethodId } from '../../core/train/method-ids';
import type { DocRef } from './pages';

/** The docs page and section of every training method, linked beside the method menu. */
export const METHOD_DOCS: Record<MethodId, DocRef> = {
  standard: { page: 'methods' },
  'fgsm-at': { page: 'attacks', anchor: 'fgsm' },
  'fast-at': { page: 'attacks', anchor: 'fgsm-with-a-random-start' },
  'pgd-at': { page: 'attacks', anchor: 'pgd-l-inf' },
  trades: { page: 'attacks', anchor: 'trades' },
  acr: { page: 'corruption', anchor: 'acr-training' },
  apd: { page: 'corruption', anchor: 'apd-training' },
  'at-lr': { page: 'lsa', anchor: 'lsa-and-at-lr' },
  'awp-at': { page: 'awp', anchor: 'the-update' },
  'awp-trades': { page: 'awp', anchor: 'the-update' },
  rwp: { page: 'awp', anchor: 'random-weight-perturbation' },
  awnet: { page: 'awnet', anchor: 'training' },
};
