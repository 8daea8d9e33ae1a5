/**
 * The backend-conformance check in the browser (test hook only, `?test-hooks`): every case of
 * src/core/conformance computed on the cpu backend and on a GPU backend in this worker, compared. A worker of
 * its own, so a run in the engine worker is never switched to another backend under its feet.
 */
import * as Comlink from 'comlink';
import { compareAll } from '../core/conformance/run';
import { tryBackend } from './backend';
import type { BackendName } from './protocol';

async function use(name: string): Promise<void> {
  const why = await tryBackend(name as BackendName);
  if (why) throw new Error(`backend ${name}: ${why}`);
}

const api = {
  /** Each case on cpu and on `backend`, compared at `rtol`; cases whose id matches `filter` only. */
  compare: (backend: BackendName, rtol: number, filter = '') => compareAll(use, 'cpu', backend, rtol, filter),
};
export type ConformanceApi = typeof api;

Comlink.expose(api);
