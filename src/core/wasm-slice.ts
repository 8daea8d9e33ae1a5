import * as tf from './tf';

/** The few BackendWasm methods the kernel uses (public in tfjs-backend-wasm 4.22). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

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
      const attrs = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
      const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
      if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, begin, size))
        return shipped.kernelFunc(args);
      const backend = args.backend as unknown as WasmHeap;
      const out = backend.makeOutput(size, x.dtype);
      const offset = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
      const count = tf.util.sizeFromShape(size);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + count));
      return out;
    },
  });
}
