import * as tf from '../tf';
import { ACTIVATION_FNS, ACTIVATION_GRADS } from './activations';
import type { DenseLayer } from './model';

/**
 * tfjs-backend-wasm 4.22 runs a matMul with a transposed operand (what tfjs' own matMul gradient asks for:
 * dh = dy·Wᵀ, dW = hᵀ·dy) in a plain scalar loop, 5–10× slower than its XNNPACK kernel
 * (docs/engine-notes.md#wasm-kernels-and-threads); transposing explicitly first keeps both products on XNNPACK. Other backends
 * transpose inside the matMul for free.
 */
const needsPlainMatMulGrad = (backendName = tf.getBackend()) => backendName === 'wasm';

/** a·b with either operand transposed, as a plain matMul of explicit transposes where that is faster. */
function matMulT(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  transposeA: boolean,
  transposeB: boolean,
  plain: boolean,
): tf.Tensor2D {
  if (!plain) return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
}

/** The forward value of one dense layer: the ops every path uses, so values agree bit for bit. */
const affine = (h: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor) => tf.add(tf.matMul(h, w), b) as tf.Tensor2D;

/** h [batch, in] · W [in, out] + b [out], for layers outside a chain (the CNNs' dense layers). */
export const dense = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [h, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([h, w]);
  return {
    value: affine(h, w, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor2D;
      const [hs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const plain = needsPlainMatMulGrad();
      return [matMulT(g, ws, false, true, plain), matMulT(hs, g, true, false, plain), tf.sum(g, 0)];
    },
  };
}) as (h: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor) => tf.Tensor2D;

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
function lazyCustomGrad(
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

/**
 * logits = layer_L(… layer_1(x)) for a chain of dense layers, as ONE differentiable op with a hand-written
 * backward pass: the tape records one node instead of ~4 per layer, and the backward pass is the ~5 ops
 * per layer it needs (dz = act′(dh), dh = dz·Wᵀ; dW = hᵀ·dz and db = Σ dz only if the parameters are being
 * differentiated, dx only if x is), with tfjs' own formulas, so gradients equal the tape's (bit for bit
 * where the backend's matMuls are the same).
 */
export function denseChain(layers: readonly DenseLayer[]) {
  return lazyCustomGrad(([x, ...params], save) => {
    const zs: tf.Tensor[] = [];
    const hs: tf.Tensor[] = [];
    let h = x as tf.Tensor2D;
    for (const layer of layers) {
      const z = affine(h, params[layer.kernel] as tf.Tensor2D, params[layer.bias]);
      h = layer.activation ? (ACTIVATION_FNS[layer.activation](z) as tf.Tensor2D) : z;
      zs.push(z);
      hs.push(h);
    }
    save([x, ...params, ...zs, ...hs]);
    return {
      value: h,
      gradFunc: (dy, saved) => {
        const n = params.length;
        const L = layers.length;
        const [xs, ...rest] = saved as tf.Tensor2D[];
        const ps = rest.slice(0, n);
        const z = rest.slice(n, n + L);
        const a = rest.slice(n + L);
        const plain = needsPlainMatMulGrad();
        const grads: (() => tf.Tensor)[] = new Array(n);
        // dz of every layer, top down: each is needed by its own dW and by everything below it.
        let dz = dy as tf.Tensor2D;
        for (let l = L - 1; l >= 0; l--) {
          const layer = layers[l];
          const input = l === 0 ? xs : a[l - 1];
          const dzl = dz;
          grads[layer.kernel] = () => matMulT(input, dzl, true, false, plain);
          grads[layer.bias] = () => tf.sum(dzl, 0);
          if (l === 0) break;
          const dh = matMulT(dzl, ps[layer.kernel], false, true, plain);
          const act = layers[l - 1].activation;
          dz = act ? (ACTIVATION_GRADS[act](dh, z[l - 1], a[l - 1]) as tf.Tensor2D) : dh;
        }
        const dz0 = dz;
        return [() => matMulT(dz0, ps[layers[0].kernel], false, true, plain), ...grads];
      },
    };
  }) as (x: tf.Tensor2D, ...params: tf.Tensor[]) => tf.Tensor2D;
}
