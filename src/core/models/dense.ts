import * as tf from '../tf';
import { ACTIVATION_FNS, ACTIVATION_GRADS } from './activations';
import type { DenseLayer } from './model';

/**
 * tfjs-backend-wasm 4.22 runs a matMul with a transposed operand (what tfjs' own matMul gradient asks for:
 * dh = dy·Wᵀ, dW = hᵀ·dy) in a plain scalar loop, 5–10× slower than its XNNPACK kernel
 * (docs/engine-notes.md); transposing explicitly first keeps both products on XNNPACK. Other backends
 * transpose inside the matMul for free.
 */
export const needsPlainMatMulGrad = (backendName = tf.getBackend()) => backendName === 'wasm';

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

/**
 * logits = layer_L(… layer_1(x)) for a chain of dense layers, as ONE differentiable op with a hand-written
 * backward pass: the tape records one node instead of ~4 per layer, and the backward pass is the ~5 ops
 * per layer it needs (dW = hᵀ·dz, db = Σ dz, dh = dz·Wᵀ, dz = act′(dh)), with tfjs' own formulas, so
 * gradients equal the tape's (bit for bit where the backend's matMuls are the same). The input gradient
 * is part of it (attacks need it).
 */
export function denseChain(layers: readonly DenseLayer[]) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [x, ...params] = args as tf.Tensor2D[];
    const zs: tf.Tensor2D[] = [];
    const hs: tf.Tensor2D[] = [];
    let h = x;
    for (const layer of layers) {
      const z = affine(h, params[layer.kernel], params[layer.bias]);
      h = layer.activation ? (ACTIVATION_FNS[layer.activation](z) as tf.Tensor2D) : z;
      zs.push(z);
      hs.push(h);
    }
    save([x, ...params, ...zs, ...hs]);
    return {
      value: h,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const n = params.length;
        const L = layers.length;
        const [xs, ...rest] = saved as tf.Tensor2D[];
        const ps = rest.slice(0, n);
        const z = rest.slice(n, n + L);
        const a = rest.slice(n + L);
        const plain = needsPlainMatMulGrad();
        const grads: tf.Tensor[] = new Array(n);
        let dz = dy as tf.Tensor2D;
        let dx: tf.Tensor2D = dz;
        for (let l = L - 1; l >= 0; l--) {
          const layer = layers[l];
          const input = l === 0 ? xs : a[l - 1];
          grads[layer.kernel] = matMulT(input, dz, true, false, plain);
          grads[layer.bias] = tf.sum(dz, 0);
          const dh = matMulT(dz, ps[layer.kernel], false, true, plain);
          const previous = l > 0 ? layers[l - 1].activation : null;
          if (l === 0) dx = dh;
          else dz = previous ? (ACTIVATION_GRADS[previous](dh, z[l - 1], a[l - 1]) as tf.Tensor2D) : dh;
        }
        return [dx, ...grads];
      },
    };
  }) as (x: tf.Tensor2D, ...params: tf.Tensor[]) => tf.Tensor2D;
}
