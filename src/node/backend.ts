/**
 * tfjs in Node for tests, the benchmark and the headless runner: the cpu and wasm backends
 * (tfjs-node cannot be installed here, docs/engine-notes.md#node-tests).
 */
import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmKernels } from '../core/wasm-kernels';

export type NodeBackend = 'cpu' | 'wasm';
export const NODE_BACKENDS: NodeBackend[] = ['wasm', 'cpu'];

// Silences the "running in Node, use tfjs-node" notice. (IS_TEST would also silence it, but it turns on
// tfjs' kernel leak checker, which trips over wasm's own logSoftmax.)
tf.enableProdMode();
patchWasmKernels();

/** Switches to a Node backend (wasm loads its binary from node_modules). */
export async function useBackend(name: NodeBackend): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
}
