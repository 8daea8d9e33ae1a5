import * as tf from '../tf';
import type { ExperimentConfig } from '../config';

/**
 * The optimiser of a run. Adam's epsilon is passed explicitly: tfjs otherwise takes the backend's
 * (1e-4 on webgl, 1e-7 elsewhere) and curves differ by backend (docs/engine-notes.md#the-webgl-epsilon).
 */
export function createOptimizer(cfg: ExperimentConfig['optimizer']): tf.Optimizer {
  return cfg.kind === 'adam'
    ? tf.train.adam(cfg.lr, 0.9, 0.999, 1e-7)
    : tf.train.momentum(cfg.lr, cfg.momentum);
}
