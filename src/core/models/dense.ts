import * as tf from '../tf';
import { lazyCustomGrad } from '../lazy-grad';
import { ACTIVATION_FNS, ACTIVATION_GRADS } from './activations';
import type { DenseLayer } from './model';

/**
 * tfjs-backend-wasm 4.22 runs a matMul with a transposed operand (what tfjs' own matMul gradient asks for:
 * dh = dy·Wᵀ, dW = hᵀ·dy) in a plain scalar loop, 5–10× slower than its XNNPACK kernel
 * (docs/engine-notes.md#wasm-kernels-and-threads); transposing explicitly first keeps both products on XNNPACK. Other backends
 * transpose inside the matMul for free.
 */
const needsPlainMatMulGrad = (backendName = tf.getBackend()) => backendName === 'wasm';

/** Transposed kernels kept while `reusingKernelTransposes` runs, by the kernel's data (never changed in place). */
let kernelTransposes: Map<tf.DataId, tf.Tensor2D> | null = null;

/**
 * Runs `f` (an attack: many backward passes through the same weights) keeping each kernel's explicit
 * transpose for dh = dz·Wᵀ, disposed at the end. On wasm the backward pass would otherwise transpose every
 * kernel again at every attack step, and XNNPACK would pack each new transpose again (a 32×100·100×100
 * product: 40 µs with a new operand, 18 µs with one it has packed). Same values: a transpose is exact, and
 * a packed operand gives the product it gave before.
 */
export function reusingKernelTransposes<T>(f: () => T): T {
  if (kernelTransposes) return f();
  kernelTransposes = new Map();
  try {
    return f();
  } finally {
    tf.dispose([...kernelTransposes.values()]);
    kernelTransposes = null;
  }
}

/** Wᵀ, from the cache while `reusingKernelTransposes` runs. */
function transposedKernel(w: tf.Tensor2D): tf.Tensor2D {
  if (!kernelTransposes) return tf.transpose(w);
  let t = kernelTransposes.get(w.dataId);
  if (!t) kernelTransposes.set(w.dataId, (t = tf.keep(tf.transpose(w))));
  return t;
}

/**
 * a·b with either operand transposed, as a plain matMul of explicit transposes where that is faster. A
 * transposed b is always a layer's kernel (dh = dz·Wᵀ).
 */
function matMulT(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  transposeA: boolean,
  transposeB: boolean,
  plain: boolean,
): tf.Tensor2D {
  if (!plain) return tf.matMul(a, b, transposeA, transposeB);
  return tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? transposedKernel(b) : b);
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

/**
 * logits = layer_L(… layer_1(x)) for a chain of dense layers, as ONE differentiable op with a hand-written
 * backward pass: the tape records one node instead of ~4 per layer, and the backward pass is the ~5 ops
 * per layer it needs (dz = act′(dh), dh = dz·Wᵀ; dW = hᵀ·dz and db = Σ dz only if the parameters are being
 * differentiated, dx only if x is), with tfjs' own formulas, so gradients equal the tape's (bit for bit
 * where the backend's matMuls are the same). It keeps for the backward pass only what that pass reads
 * (x, the kernels, the hidden outputs and, for ReLU, its inputs): the engine copies every kept tensor.
 */
export function denseChain(layers: readonly DenseLayer[]) {
  const L = layers.length;
  return lazyCustomGrad(([x, ...params], save) => {
    // saved = [x, kernel of each layer, then per hidden layer its output h and (ReLU) its input z].
    const saved: tf.Tensor[] = [x, ...layers.map((layer) => params[layer.kernel])];
    const outputAt: number[] = [];
    const gradInputAt: number[] = [];
    let h = x as tf.Tensor2D;
    layers.forEach((layer, l) => {
      const z = affine(h, params[layer.kernel] as tf.Tensor2D, params[layer.bias]);
      h = layer.activation ? (ACTIVATION_FNS[layer.activation](z) as tf.Tensor2D) : z;
      if (l + 1 === L) return;
      outputAt.push(saved.push(h) - 1);
      const usesInput = layer.activation && ACTIVATION_GRADS[layer.activation].of === 'z';
      gradInputAt.push(usesInput ? saved.push(z) - 1 : outputAt[l]);
    });
    save(saved);
    return {
      value: h,
      gradFunc: (dy, s) => {
        const kernel = (l: number) => s[1 + l] as tf.Tensor2D;
        const plain = needsPlainMatMulGrad();
        const grads: (() => tf.Tensor)[] = new Array(params.length);
        // dz of every layer, top down: each is needed by its own dW and by everything below it.
        let dz = dy as tf.Tensor2D;
        for (let l = L - 1; l >= 0; l--) {
          const layer = layers[l];
          const input = (l === 0 ? s[0] : s[outputAt[l - 1]]) as tf.Tensor2D;
          const dzl = dz;
          grads[layer.kernel] = () => matMulT(input, dzl, true, false, plain);
          grads[layer.bias] = () => tf.sum(dzl, 0);
          if (l === 0) break;
          const dh = matMulT(dzl, kernel(l), false, true, plain);
          const act = layers[l - 1].activation;
          dz = act ? (ACTIVATION_GRADS[act].grad(dh, s[gradInputAt[l - 1]]) as tf.Tensor2D) : dh;
        }
        const dz0 = dz;
        return [() => matMulT(dz0, kernel(0), false, true, plain), ...grads];
      },
    };
  }) as (x: tf.Tensor2D, ...params: tf.Tensor[]) => tf.Tensor2D;
}
