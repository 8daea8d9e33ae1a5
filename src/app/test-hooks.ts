import * as Comlink from 'comlink';
import type { CaseReport } from '../core/conformance/run';
import type { ConformanceApi } from '../worker/conformance.worker';
import type { BackendName } from '../worker/protocol';

/**
 * Hooks for the browser journeys, on `window.basinTest`, installed only when the page is opened with
 * `?test-hooks` in its address (never in normal use): lose the WebGPU device on purpose (the fallback), cap
 * the epochs of a lesson's or preset's runs (whole lessons in a few minutes), make a panel fail (its error
 * boundary), run the backend-conformance cases on cpu and on a GPU backend
 * (src/worker/conformance.worker.ts), and let `auto` probe software GPUs (a machine without a GPU then
 * exercises the measured choice).
 */
export interface TestHooks {
  /** Resolves false when the run is not on a WebGPU device. */
  simulateDeviceLoss?: () => Promise<boolean>;
  /** `?test-hooks&measure-software-gpus`: `auto` measures software GPU adapters too, from the first run on. */
  measureSoftwareGpus?: boolean;
  planEpochCap?: number;
  /** The id of a panel that fails when it next draws (its error boundary then shows what failed). */
  failPanel?: string | null;
  /** Every conformance case whose id matches `filter`, on cpu and on `backend`, compared at `rtol`. */
  conformance?: (backend: BackendName, rtol: number, filter?: string) => Promise<CaseReport[]>;
}

/** The page's test hooks, or null when it was not opened with `?test-hooks`. */
export function testHooks(): TestHooks | null {
  const query = new URLSearchParams(window.location.search);
  if (!query.has('test-hooks')) return null;
  const page = window as Window & { basinTest?: TestHooks };
  page.basinTest ??= {
    conformance: runConformance,
    measureSoftwareGpus: query.has('measure-software-gpus'),
  };
  return page.basinTest;
}

/** Starts a conformance worker for one comparison and ends it afterwards. */
async function runConformance(backend: BackendName, rtol: number, filter = ''): Promise<CaseReport[]> {
  const worker = new Worker(new URL('../worker/conformance.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await Comlink.wrap<ConformanceApi>(worker).compare(backend, rtol, filter);
  } finally {
    worker.terminate();
  }
}
