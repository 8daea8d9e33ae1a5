import * as tf from './tf';

/** The few BackendWasm methods the kernel uses (public in tfjs-backend-wasm 4.22). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** tfjs hands a kernel its backend untyped; the wasm backend is the one with these methods. */
function isWasmHeap(backend: unknown): backend is WasmHeap {
  return (
    typeof backend === 'object' &&
    backend !== null &&
    'makeOutput' in backend &&
    'typedArrayFromHeap' in backend
  );
}

/** A Slice attribute: one number or one per axis. */
const isSliceParam = (v: tf.NamedAttrMap[string] | undefined): v is number | number[] =>
  typeof v === 'number' || (Array.isArray(v) && v.every((n) => typeof n === 'number'));

/**
 * Registers `replacement(shipped)` as the wasm kernel `name` (each replacement falls back to the shipped
 * kernel where it does not apply).
 */
function replaceWasmKernel(name: string, replacement: (shipped: tf.KernelFunc) => tf.KernelFunc): void {
  const shipped = tf.getKernel(name, 'wasm');
  if (!shipped) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...shipped, kernelFunc: replacement(shipped.kernelFunc) });
}

/**
 * A faster Slice kernel for tfjs-backend-wasm 4.22, for contiguous slices (the others go to the shipped
 * kernel). The shipped kernel reads its input with readSync, which copies the WHOLE input out of the wasm
 * heap on every call: cutting a 20,000-float parameter vector into its 8 tensors copied 8 × 80 KB and took
 * ~10× longer than the copies themselves (docs/engine-notes.md#wasm-kernels-and-threads). This one copies only the slice, from a
 * view of the heap; the values are the same bits.
 */
const sliceKernel =
  (shipped: tf.KernelFunc): tf.KernelFunc =>
  (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { begin: beginAttr, size: sizeAttr } = args.attrs ?? {};
    const backend = args.backend;
    if (
      !isSliceParam(beginAttr) ||
      !(sizeAttr === undefined || isSliceParam(sizeAttr)) ||
      !isWasmHeap(backend)
    )
      return shipped(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, beginAttr, sizeAttr);
    if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return shipped(args);
    const out = backend.makeOutput(size, x.dtype);
    const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
    const count = tf.util.sizeFromShape(size);
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + count));
    return out;
  };

/**
 * SplitV for tfjs-backend-wasm 4.22 through the Slice kernel above: the shipped one calls the shipped Slice
 * (a copy of the whole input per piece). Unpacking a flat parameter vector is then one dispatch instead of
 * one slice per tensor.
 */
const splitVKernel =
  (shipped: tf.KernelFunc, slice: tf.KernelFunc): tf.KernelFunc =>
  (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { numOrSizeSplits, axis } = args.attrs ?? {};
    if (!isSliceParam(numOrSizeSplits) || !isSliceParam(axis)) return shipped(args);
    const a = tf.util.parseAxisParam(axis, x.shape)[0];
    const begin = x.shape.map(() => 0);
    return tf.backend_util.prepareSplitSize(x, numOrSizeSplits, a).map((piece) => {
      const size = x.shape.map((d, i) => (i === a ? piece : d));
      const out = slice({
        inputs: { x },
        attrs: { begin: [...begin], size },
        backend: args.backend,
      });
      begin[a] += piece;
      return out as tf.TensorInfo;
    });
  };

/**
 * An Identity kernel for tfjs-backend-wasm 4.22 that shares its input's memory (reference-counted, as its
 * Reshape kernel and the cpu, WebGL and WebGPU Identity kernels do) instead of copying it. The engine runs
 * Identity for every tensor a differentiable op keeps for its backward pass, so a training step made
 * ~25 copies of activations and weights (docs/engine-notes.md#wasm-kernels-and-threads). No wasm kernel
 * writes into its inputs, so sharing is safe.
 */
const identityKernel =
  (shipped: tf.KernelFunc): tf.KernelFunc =>
  (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const backend = args.backend;
    if (x.dtype === 'string' || !hasIncRef(backend)) return shipped(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };

/** The wasm backend's reference count (public in tfjs-backend-wasm 4.22). */
function hasIncRef(backend: unknown): backend is { incRef(dataId: tf.DataId): void } {
  return typeof backend === 'object' && backend !== null && 'incRef' in backend;
}

let patched = false;

/** Replaces the wasm kernels above; call once after importing the wasm backend. */
export function patchWasmKernels(): void {
  if (patched) return;
  patched = true;
  replaceWasmKernel('Slice', sliceKernel);
  const slice = tf.getKernel('Slice', 'wasm')?.kernelFunc;
  if (slice) replaceWasmKernel('SplitV', (shipped) => splitVKernel(shipped, slice));
  replaceWasmKernel('Identity', identityKernel);
}
