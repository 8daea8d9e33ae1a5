import * as tf from '../tf';
import type { ExperimentConfig } from '../config';

/**
 * The optimiser of a run. Adam's epsilon is passed explicitly: tfjs otherwise takes the backend's
 * (1e-4 on webgl, 1e-7 elsewhere) and curves differ by backend (docs/engine-notes.md#the-webgl-epsilon).
 */
export function createOptimizer(cfg: ExperimentConfig['optimizer']): tf.Optimizer {
  return cfg.kind === 'adam' ? tf.train.adam(cfg.lr, 0.9, 0.999, 1e-7) : momentum(cfg.lr, cfg.momentum);
}

/**
 * SGD with momentum. tfjs 4.22's MomentumOptimizer.dispose() releases its momentum scalar and accumulators but
 * not the −lr scalar its SGD base keeps (`c`), one tensor per optimiser; released here.
 */
function momentum(lr: number, m: number): tf.Optimizer {
  const optimizer = tf.train.momentum(lr, m);
  const dispose = optimizer.dispose.bind(optimizer);
  optimizer.dispose = () => {
    dispose();
    (optimizer as unknown as { c: tf.Tensor }).c.dispose();
  };
  return optimizer;
}
