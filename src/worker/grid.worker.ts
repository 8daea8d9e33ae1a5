/**
 * A landscape worker (docs/engine-notes.md#landscape-workers): the engine worker lends it one surface at a
 * time (plain data, core/analysis/point-eval-pool.ts) and asks for chunks of its points. It computes on one
 * thread of its own backend (wasm or cpu), so several of them fill the machine's cores.
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type SurfaceJob, jobEvaluator } from '../core/analysis/point-eval-pool';
import type { PointEvaluator, PointValues } from '../core/analysis/point-eval';
import type { GridWorkerApi } from './protocol';
import './wasm-setup';

// Before the wasm backend starts: one XNNPACK thread (the parallelism is the workers themselves).
setThreadsCount(1);

let current: PointEvaluator | null = null;

const api: GridWorkerApi = {
  async open(job: SurfaceJob, backend: 'wasm' | 'cpu') {
    if (tf.getBackend() !== backend) {
      if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start in a landscape worker`);
      await tf.ready();
    }
    current?.dispose();
    current = jobEvaluator(job);
  },
  async evaluate(coeffs: number[][]): Promise<PointValues> {
    if (!current) throw new Error('no surface is open in this landscape worker');
    const values = await current.evaluate(coeffs);
    return Comlink.transfer(
      values,
      [...values.loss, ...values.acc].map((a) => a.buffer),
    );
  },
  async close() {
    current?.dispose();
    current = null;
  },
};

Comlink.expose(api);
