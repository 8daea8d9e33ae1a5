/// <reference types="@webgpu/types" />
/**
 * Backend choice inside the worker (docs/engine-notes.md#choosing-a-backend): webgpu → webgl → wasm → cpu, each tried with a
 * smoke test, the reason for every skip reported. "auto" looks at the hardware first: on a software GPU
 * adapter (SwiftShader, llvmpipe) wasm is 10–70× faster for our models, so it is preferred and the badge
 * says why. A forced backend is honoured when it works; otherwise the chain goes on from it.
 */
import * as tf from '../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { type ProbeTiming, fastestBackend, timeWorkload } from '../core/backend-probe';
import type { BackendChoice } from '../core/config';
import type { Model } from '../core/models/model';
import type { BackendName, BackendReport } from './protocol';
import './wasm-setup';

/*
 * tfjs-backend-wasm sizes its XNNPACK thread pool as navigator.hardwareConcurrency / 2, so a 2-core machine
 * computes on one thread even on an isolated page. We keep that: forcing 2 threads there made the 51×51
 * Model A landscape slower, not faster (journey t: 0.80× on an idle 2-core machine, 0.28–0.51× under load;
 * the pool's barriers spin while the page and the system want the other core).
 */

const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

interface GpuProbe {
  /** A WebGPU adapter exists. */
  webgpu: boolean;
  webgpuAdapter?: string;
  webgpuSoftware?: boolean;
  webgpuWhyNot?: string;
  /** The WebGL renderer string, when it can be read. */
  webglRenderer?: string;
  webglSoftware?: boolean;
}

/** The run a backend is chosen for: its model and batch size, for the measured probe. */
export interface Workload {
  model: Model;
  batchSize: number;
}

let probed: Promise<GpuProbe> | null = null;
/** Backends that broke during this session (e.g. a lost WebGPU device) are not tried again. */
const broken = new Map<BackendName, string>();

export function markBroken(name: BackendName, why: string): void {
  broken.set(name, why);
}

/** Looks at the GPU adapters once per worker (cheap; no tfjs backend is initialised). */
function probeGpu(): Promise<GpuProbe> {
  probed ??= (async () => {
    const probe: GpuProbe = { webgpu: false };
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) probe.webgpuWhyNot = 'this browser exposes no WebGPU (navigator.gpu is missing)';
    else {
      try {
        const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
        if (!adapter) probe.webgpuWhyNot = 'no WebGPU adapter (requestAdapter returned null)';
        else {
          // `info` replaced requestAdapterInfo() in current browsers; older type packages lack it.
          const info = (
            adapter as GPUAdapter & {
              info?: Partial<Record<'vendor' | 'architecture' | 'device' | 'description', string>>;
            }
          ).info;
          const text = [info?.vendor, info?.architecture, info?.device, info?.description]
            .filter(Boolean)
            .join(' ');
          probe.webgpu = true;
          probe.webgpuAdapter = text || 'unknown adapter';
          probe.webgpuSoftware =
            SOFTWARE_RENDERER.test(text) ||
            (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
        }
      } catch (err) {
        probe.webgpuWhyNot = `requesting a WebGPU adapter failed: ${errorText(err)}`;
      }
    }
    try {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (gl) {
        const ext = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
        probe.webglRenderer = renderer;
        probe.webglSoftware = SOFTWARE_RENDERER.test(renderer);
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      }
    } catch {
      // No WebGL2 in this worker; the chain will report it when webgl is tried.
    }
    return probe;
  })();
  return probed;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The GPU backends that run on hardware here (the candidates `auto` measures against wasm). */
function hardwareGpus(probe: GpuProbe): BackendName[] {
  const out: BackendName[] = [];
  if (probe.webgpu && !probe.webgpuSoftware) out.push('webgpu');
  if (probe.webglRenderer && !probe.webglSoftware) out.push('webgl');
  return out;
}

/**
 * The order "auto" falls back in when nothing is measured, and why: without a hardware GPU, wasm (a
 * software GPU adapter is 10–70× slower than wasm for our models, docs/engine-notes.md#choosing-a-backend).
 */
function autoOrder(probe: GpuProbe): { order: BackendName[]; reason: string } {
  const gpuNote = probe.webgpu
    ? `the WebGPU adapter is software (${probe.webgpuAdapter})`
    : (probe.webgpuWhyNot ?? 'no WebGPU');
  const glNote = probe.webglRenderer
    ? probe.webglSoftware
      ? `WebGL is software (${probe.webglRenderer})`
      : `WebGL runs on ${probe.webglRenderer}`
    : 'no WebGL';
  return {
    order: ['wasm', 'cpu', ...hardwareGpus(probe), 'webgl'].filter(
      (b, i, all) => all.indexOf(b) === i,
    ) as BackendName[],
    reason: `auto: ${gpuNote}; ${glNote}; wasm is fastest on the CPU`,
  };
}

/** Measured choices, per model and batch size: the probe runs once per worker for a given run shape. */
const measured = new Map<string, { backend: BackendName; reason: string }>();

/** The probe's time budget: a run should not wait noticeably for its backend to be chosen. */
const PROBE_BUDGET_MS = 300;

/** Browser journeys only: let `auto` measure software GPU adapters too, so its probe runs on a machine without a GPU. */
let measureSoftwareGpus = false;

export function setMeasureSoftwareGpus(on: boolean): void {
  measureSoftwareGpus = on;
}

/** The GPU backends `auto` measures against wasm. */
function probeCandidates(probe: GpuProbe): BackendName[] {
  if (!measureSoftwareGpus) return hardwareGpus(probe);
  return [probe.webgpu && 'webgpu', probe.webglRenderer && 'webgl'].filter(Boolean) as BackendName[];
}

/**
 * `auto` with a GPU to consider: times one training step and one landscape row of the run's model on wasm
 * and then on each GPU backend (core/backend-probe.ts), within PROBE_BUDGET_MS: a backend whose warm-up
 * ends past the budget, and any backend after it, is left out and the badge says so. Picks the fastest;
 * null when nothing could be measured.
 */
async function measuredChoice(
  probe: GpuProbe,
  workload: Workload,
): Promise<{ backend: BackendName; reason: string } | null> {
  const key = `${workload.model.description} batch ${workload.batchSize}`;
  const known = measured.get(key);
  if (known) return known;
  const started = performance.now();
  const deadline = started + PROBE_BUDGET_MS;
  const timings: ProbeTiming[] = [];
  const notMeasured: string[] = [];
  for (const name of ['wasm', ...probeCandidates(probe)] as BackendName[]) {
    if (performance.now() > deadline) {
      notMeasured.push(`${name}: the ${PROBE_BUDGET_MS} ms budget was spent`);
      continue;
    }
    const why = await tryBackend(name);
    if (why) {
      notMeasured.push(`${name}: ${why}`);
      continue;
    }
    try {
      const timing = await timeWorkload(workload.model, workload.batchSize, deadline);
      if ('overBudget' in timing)
        notMeasured.push(
          `${name}: its first step and row were still running after ${timing.waitedMs.toFixed(0)} ms, past the ${PROBE_BUDGET_MS} ms budget`,
        );
      else timings.push(timing);
    } catch (err) {
      notMeasured.push(`${name}: its probe failed (${errorText(err)})`);
    }
  }
  if (timings.length === 0) return null;
  const best = fastestBackend(timings);
  const notes = notMeasured.length ? `; not measured: ${notMeasured.join(', ')}` : '';
  const choice = {
    backend: best.backend as BackendName,
    reason: `auto: ${best.reason}${notes} (probe ${(performance.now() - started).toFixed(0)} ms)`,
  };
  measured.set(key, choice);
  return choice;
}

/** Initialises one backend and checks it computes (ones·ones = 2); returns why not, or null when it works. */
export async function tryBackend(name: BackendName): Promise<string | null> {
  const brokenWhy = broken.get(name);
  if (brokenWhy) return brokenWhy;
  if (tf.findBackendFactory(name) == null)
    return name === 'webgpu' ? 'WebGPU is not available here (navigator.gpu is missing)' : 'not registered';
  try {
    if (!(await tf.setBackend(name))) return 'it failed to initialise';
    await tf.ready();
    const product = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])));
    const v = await product.data();
    product.dispose();
    if (v[0] !== 2) return `its smoke test computed ${v[0]} instead of 2`;
    return null;
  } catch (err) {
    return `it failed: ${errorText(err)}`;
  }
}

/**
 * Picks and activates the backend for a run. Never throws unless no backend at all works (then the
 * message lists every reason).
 */
export async function selectBackend(choice: BackendChoice, workload: Workload): Promise<BackendReport> {
  const probe = await probeGpu();
  const skipped: BackendReport['skipped'] = [];
  let order: BackendName[];
  let reason: string;
  const fallback = autoOrder(probe);
  const picked =
    choice === 'auto' && probeCandidates(probe).length > 0 ? await measuredChoice(probe, workload) : null;
  if (picked) {
    order = [picked.backend, ...fallback.order.filter((b) => b !== picked.backend)];
    reason = picked.reason;
  } else if (choice === 'auto') ({ order, reason } = fallback);
  else {
    // If the forced backend fails, go on the way "auto" would have.
    const rest = [...fallback.order, ...BACKEND_ORDER].filter(
      (b, i, all) => b !== choice && all.indexOf(b) === i,
    );
    order = [choice, ...rest];
    reason = `forced by the user`;
  }
  for (const name of order) {
    const why = await tryBackend(name);
    if (why) {
      skipped.push({ name, why });
      continue;
    }
    const fellBack = skipped.length > 0;
    const first = skipped[0];
    const report: BackendReport = {
      name,
      requested: choice,
      reason: fellBack ? `${first.name} unavailable (${first.why}); fell back to ${name}` : reason,
      skipped,
    };
    if (name === 'webgpu') {
      report.adapter = probe.webgpuAdapter;
      report.softwareAdapter = probe.webgpuSoftware;
      if (choice === 'webgpu' && probe.webgpuSoftware)
        report.reason = `forced by the user (software adapter ${probe.webgpuAdapter}: expect it to be slow)`;
    } else if (name === 'webgl') {
      report.adapter = probe.webglRenderer;
      report.softwareAdapter = probe.webglSoftware;
    } else if (name === 'wasm') {
      report.threads = getThreadsCount();
      report.reason += wasmThreadsNote(report.threads);
    }
    return report;
  }
  throw new Error(
    `No TensorFlow.js backend works here: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`,
  );
}

/** Why wasm runs on this many threads: multi-threading needs a cross-origin isolated page. */
function wasmThreadsNote(threads: number): string {
  if (threads > 1) return `; ${threads} threads (cross-origin isolated page)`;
  return globalThis.crossOriginIsolated
    ? `; 1 thread (tfjs uses half of this machine's ${navigator.hardwareConcurrency} logical cores)`
    : '; 1 thread (the page is not cross-origin isolated: its host sends no COOP/COEP headers)';
}

/** The WebGPU device of the active backend, if it is webgpu. */
export function webgpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu' || typeof GPUDevice === 'undefined') return null;
  const backend: object = tf.backend();
  return 'device' in backend && backend.device instanceof GPUDevice ? backend.device : null;
}
