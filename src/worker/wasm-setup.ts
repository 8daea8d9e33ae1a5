/**
 * tfjs-backend-wasm's set-up for any worker that may compute on wasm (the engine worker and the landscape
 * workers): where its .wasm files are, and our replacement kernels (core/wasm-kernels.ts).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { patchWasmKernels } from '../core/wasm-kernels';

// Workers cannot find the .wasm files on their own (tfjs #6537); Vite gives us their URLs.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
patchWasmKernels();
