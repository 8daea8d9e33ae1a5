import * as tf from './tf';

/** What tfjs' engine runs a differentiable op from (the API under tf.customGrad, internal in its types). */
interface LazyGradEngine {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: tf.GradSaveFunc) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
}

/** tfjs-core declares runKernelFunc private; it is there at run time. */
function hasLazyGrad(engine: object): engine is LazyGradEngine {
  return 'runKernelFunc' in engine && typeof engine.runKernelFunc === 'function';
}

/**
 * tf.customGrad, except that each input's gradient is a function the tape calls only when that input is
 * being differentiated (tf.customGrad computes them all). An attack differentiates the logits with respect
 * to x only, training with respect to the parameters only: each then skips the other's products.
 * Uses the engine call tf.customGrad itself is built on (tfjs 4.22 is frozen).
 */
export function lazyCustomGrad(
  f: (
    inputs: tf.Tensor[],
    save: tf.GradSaveFunc,
  ) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => (() => tf.Tensor)[] },
) {
  return (...inputs: tf.Tensor[]): tf.Tensor => {
    let gradFunc: ((dy: tf.Tensor, saved: tf.Tensor[]) => (() => tf.Tensor)[]) | null = null;
    const engine: object = tf.engine();
    if (!hasLazyGrad(engine)) throw new Error('this tfjs engine has no runKernelFunc');
    return engine.runKernelFunc({
      forwardFunc: (_backend, save) => {
        const res = f(inputs, save);
        gradFunc = res.gradFunc;
        return res.value;
      },
      backwardsFunc: (dy, saved) => Object.fromEntries(gradFunc!(dy, saved).map((g, i) => [String(i), g])),
      inputs: Object.fromEntries(inputs.map((t, i) => [String(i), t])),
    });
  };
}
