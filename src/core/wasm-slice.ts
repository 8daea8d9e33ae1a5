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

let patched = false;

/**
 * A faster Slice kernel for tfjs-backend-wasm 4.22, for contiguous slices (the others go to the shipped
 * kernel). The shipped kernel reads its input with readSync, which copies the WHOLE input out of the wasm
 * heap on every call: cutting a 20,000-float parameter vector into its 8 tensors copied 8 × 80 KB and took
 * ~10× longer than the copies themselves (docs/engine-notes.md#wasm-kernels-and-threads). This one copies only the slice, from a
 * view of the heap; the values are the same bits. Call once after importing the wasm backend.
 */
export function patchWasmSlice(): void {
  const shipped = tf.getKernel('Slice', 'wasm');
  if (patched || !shipped) return;
  patched = true;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    ...shipped,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const { begin: beginAttr, size: sizeAttr } = args.attrs ?? {};
      const backend = args.backend;
      if (
        !isSliceParam(beginAttr) ||
        !(sizeAttr === undefined || isSliceParam(sizeAttr)) ||
        !isWasmHeap(backend)
      )
        return shipped.kernelFunc(args);
      const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, beginAttr, sizeAttr);
      if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size))
        return shipped.kernelFunc(args);
      const out = backend.makeOutput(size, x.dtype);
      const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
      const count = tf.util.sizeFromShape(size);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + count));
      return out;
    },
  });
}
