/**
 * Bench section `peer`: Basin (wasm, one thread) side by side with PyTorch (CPU, one thread) on the same
 * workloads: the same data, the same initial weights, the same grid or shuffle order, measured back to back
 * and interleaved (B T, T B, B T), median of 3. PyTorch runs in bench/torch_peer.py, one long-lived process
 * fed the exact inputs Basin used; its results are compared with Basin's, so both sides provably computed
 * the same thing. Prints one `RATIO <name> <value>` line per workload, value = PyTorch time ÷ Basin time
 * (> 1: Basin is faster) in CPU seconds (each side computes on one thread, so its CPU time is its compute
 * time even on a machine whose cores other jobs share), with the wall-clock ratio beside it. Without PyTorch (Debian: `apt-get install python3-torch`; or BASIN_PYTHON=… a
 * Python with torch and numpy) the section says so and prints no ratios.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { landscape2dAnalysis } from '../src/core/analysis/landscape';
import { type ExperimentConfig, type ExperimentConfigInput, parseConfig } from '../src/core/config';
import type { Dataset } from '../src/core/data/dataset';
import { loadDataset } from '../src/core/data/registry';
import { CNN_ARCHITECTURES } from '../src/core/models/cnn';
import { paramCount } from '../src/core/models/model';
import { type ParamValues, initialValues } from '../src/core/params';
import { Rng } from '../src/core/rng';
import { Trainer } from '../src/core/train/trainer';
import { useBackend } from '../src/node/backend';
import { nodeLab, trainRuns } from '../src/node/lab';
import { nodeDataSources } from '../src/node/mnist-file';

export const name = 'peer';

const PYTHON = process.env.BASIN_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'torch_peer.py');
const REPEATS = 3;

type Answer = Record<string, unknown> & { seconds: number; cpu: number; error?: string };

/** A measurement: wall-clock seconds and this process' CPU seconds (robust to a shared, busy machine). */
interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds of `job` in this process. */
async function measure(job: () => Promise<unknown>): Promise<Timing> {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  await job();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** The PyTorch process: one JSON command per line in, one JSON answer per line out. */
class Peer {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** Starts the peer; null (with the reason) when Python or PyTorch is missing. */
  static async start(): Promise<{ peer: Peer; info: Record<string, unknown> } | { why: string }> {
    const child = spawn(PYTHON, [SCRIPT], {
      // One thread for every BLAS/OpenMP pool PyTorch may use (the script also calls set_num_threads(1)).
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const failed = new Promise<{ why: string }>((resolve) => {
      child.on('error', (err) => resolve({ why: `${PYTHON}: ${err.message}` }));
      child.on('exit', (code) =>
        resolve({ why: `${PYTHON} ${SCRIPT} exited (${code}): ${stderr.trim().split('\n').at(-1)}` }),
      );
    });
    const peer = new Peer(child);
    const info = await Promise.race([peer.ask({ cmd: 'info' }), failed]);
    return 'why' in info ? { why: info.why as string } : { peer, info };
  }

  async ask(command: Record<string, unknown>): Promise<Answer> {
    this.child.stdin.write(JSON.stringify(command) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error('the PyTorch peer exited');
    const answer = JSON.parse(next.value) as Answer;
    if (answer.error) throw new Error(`PyTorch peer: ${answer.error}`);
    return answer;
  }

  close(): void {
    this.child.stdin.end();
  }
}

function strict(input: ExperimentConfigInput): ExperimentConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

const concat = (values: readonly Float32Array[]) => {
  const out = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  let offset = 0;
  for (const v of values) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
};

/** Writes raw little-endian arrays and meta.json into a fresh folder for the peer. */
function inputFolder(files: Record<string, Float32Array | Int32Array>, meta: Record<string, unknown>) {
  const dir = mkdtempSync(join(os.tmpdir(), 'basin-peer-'));
  for (const [file, data] of Object.entries(files))
    writeFileSync(join(dir, file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}

/** What the peer needs to rebuild the model: its kind, layer plan and parameter shapes (TF.js layout). */
function modelMeta(cfg: ExperimentConfig, dataset: Dataset, shapes: number[][]) {
  const base = { inputShape: dataset.inputShape, shapes, paramCount: 0 };
  base.paramCount = shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  if (cfg.model.kind === 'mlp') return { ...base, model: 'mlp', activation: cfg.model.activation };
  const plan = CNN_ARCHITECTURES[cfg.model.preset].map((l) => (l.type === 'dense' ? 'dense-relu' : l.type));
  return { ...base, model: 'cnn', plan: [...plan, 'dense'] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

interface Workload {
  name: string;
  label: string;
  /** Prepares both sides once; returns the two timed jobs (seconds) and a comparison of their results. */
  prepare(peer: Peer): Promise<{
    basin: () => Promise<Timing>;
    torch: () => Promise<Timing>;
    compare: () => string;
    dispose: () => Promise<void>;
  }>;
}

/** LSA Model A on exactly 1,000 training points (n = 1429, 30% test), one epoch trained. */
const MODEL_A_DATA: ExperimentConfigInput['data'] = {
  kind: 'moons',
  n: 1429,
  noise: 0.15,
  testFraction: 0.3,
};
const MODEL_A: ExperimentConfigInput['model'] = { kind: 'mlp', hidden: [100, 100, 100], activation: 'elu' };

const landscapeWorkload: Workload = {
  name: 'landscape-modelA-51x51',
  label: '2-D landscape 51×51, LSA Model A (2-100-100-100-2 ELU), 1,000 moons, train split',
  async prepare(peer) {
    const cfg = strict({ seed: 1, data: MODEL_A_DATA, model: MODEL_A, training: { epochs: 1 } });
    const [{ runner }] = await trainRuns(nodeLab(), [{ label: 'Model A', config: cfg }]);
    const ctx = { ...runner.analysisContext('landscape-2d'), progress: async () => true };
    const settings = landscape2dAnalysis.parseSettings({ resolution: 51, splits: ['train'], subset: 1000 });
    // Warm-up (kernels, wasm memory) on a small grid.
    await landscape2dAnalysis.run(ctx, { ...settings, resolution: 5 });
    let last = await landscape2dAnalysis.run(ctx, settings);
    const t = runner.trainer;
    const dir = inputFolder(
      {
        'x.f32': (await t.xTrain.data()) as Float32Array,
        'y.i32': (await t.yTrain.data()) as Int32Array,
        'theta.f32': concat(await runner.trainer.snapshot()),
        'd1.f32': concat(last.directions![0]),
        'd2.f32': concat(last.directions![1]),
      },
      {
        ...modelMeta(
          cfg,
          t.dataset,
          t.model.params.map((p) => p.shape),
        ),
        examples: t.yTrain.shape[0],
        alphas: last.alphas,
        betas: last.betas,
      },
    );
    let torchLoss: number[] = [];
    return {
      basin: () =>
        measure(async () => {
          last = await landscape2dAnalysis.run(ctx, settings);
          if (!last.complete) throw new Error('the landscape did not complete');
        }),
      torch: async () => {
        const a = await peer.ask({ cmd: 'landscape', dir });
        torchLoss = a.loss as number[];
        return { wall: a.seconds, cpu: a.cpu };
      },
      compare: () =>
        `max |loss Basin − PyTorch| over the ${torchLoss.length} points: ${maxAbsDiff(last.values[0].loss, torchLoss).toExponential(1)} ` +
        `(strategy ${last.strategy})`,
      dispose: async () => {
        rmSync(dir, { recursive: true });
        await runner.cancel();
      },
    };
  },
};

/** Mini-batch Adam training, the trainer's own shuffle order given to both sides. */
function trainingWorkload(
  name: string,
  label: string,
  input: ExperimentConfigInput,
  epochs: number,
): Workload {
  return {
    name,
    label,
    async prepare(peer) {
      const cfg = strict(input);
      const data = await loadDataset(cfg, nodeDataSources);
      const warm = new Trainer(cfg, data);
      await warm.trainEpoch(); // warm-up: kernels, operator caches
      warm.dispose();
      const init: ParamValues = initialValues(warm.model, cfg.seed);
      const n = data.yTrain.length;
      const order = new Int32Array(epochs * n);
      for (let e = 0; e < epochs; e++) order.set(Rng.stream(cfg.seed, 'shuffle', e).permutation(n), e * n);
      const dir = inputFolder(
        { 'x.f32': data.xTrain, 'y.i32': data.yTrain, 'theta.f32': concat(init), 'order.i32': order },
        {
          ...modelMeta(
            cfg,
            data,
            warm.model.params.map((p) => p.shape),
          ),
          examples: n,
          epochs,
          batchSize: cfg.training.batchSize,
          lr: cfg.optimizer.lr,
        },
      );
      let basinFinal: Float32Array = new Float32Array(0);
      let basinObjective = NaN;
      let torchFinal: number[] = [];
      let torchObjective = NaN;
      return {
        basin: async () => {
          const trainer = new Trainer(cfg, data, init);
          const timing = await measure(async () => {
            for (let e = 0; e < epochs; e++) basinObjective = (await trainer.trainEpoch())!.objective;
          });
          basinFinal = concat(await trainer.snapshot());
          trainer.dispose();
          return timing;
        },
        torch: async () => {
          const a = await peer.ask({ cmd: 'train', dir });
          torchFinal = a.params as number[];
          torchObjective = (a.objectives as number[]).at(-1)!;
          return { wall: a.seconds, cpu: a.cpu };
        },
        compare: () =>
          `${epochs} epochs of ${n} examples, batch ${cfg.training.batchSize}, ${paramCount(warm.model).toLocaleString('en')} parameters; ` +
          `last epoch's mean loss Basin ${basinObjective.toFixed(5)}, PyTorch ${torchObjective.toFixed(5)}; ` +
          `max |θ Basin − θ PyTorch| ${maxAbsDiff(basinFinal, torchFinal).toExponential(1)}`,
        dispose: async () => rmSync(dir, { recursive: true }),
      };
    },
  };
}

const WORKLOADS: Workload[] = [
  landscapeWorkload,
  trainingWorkload(
    'train-modelA-b32',
    'training LSA Model A, 700 moons, batch 32, Adam',
    { seed: 1, data: { kind: 'moons', n: 1000 }, model: MODEL_A, training: { batchSize: 32 } },
    20,
  ),
  trainingWorkload(
    'train-modelA-b128',
    'training LSA Model A, 700 moons, batch 128, Adam',
    { seed: 1, data: { kind: 'moons', n: 1000 }, model: MODEL_A, training: { batchSize: 128 } },
    40,
  ),
  trainingWorkload(
    'train-cnn-small',
    "training CNN 'small' (conv8-pool-conv16-pool-dense10), 256 MNIST, batch 64, Adam",
    {
      seed: 1,
      data: { kind: 'mnist', trainSize: 256, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { batchSize: 64 },
    },
    4,
  ),
];

export async function run(log: (line: string) => void): Promise<void> {
  const started = await Peer.start();
  if ('why' in started) {
    log(`PyTorch is not available (${started.why}): no RATIO lines.`);
    log(
      'Install it with `apt-get install python3-torch` (Debian), or set BASIN_PYTHON to a Python with torch.',
    );
    return;
  }
  const { peer, info } = started;
  await useBackend('wasm');
  const load = os.loadavg()[0];
  log(
    `Basin: tfjs wasm, ${getThreadsCount()} thread(s) (Node: single-threaded build) · PyTorch ${info.torch as string}, ` +
      `${info.threads as number} thread(s), Python ${info.python as string} · load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
  );
  const blas = info.blas as string;
  log(`PyTorch's BLAS: ${blas}`);
  if (blas.startsWith('reference'))
    log(
      'WARNING: PyTorch runs on the reference BLAS here (no OpenBLAS installed): its matMuls are far slower ' +
        'than a normal install, so these ratios flatter Basin. `apt-get install libopenblas0` (a recommended ' +
        'package of python3-torch) for a fair peer; without root, unpack it (`apt-get download ' +
        'libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb DIR`) and run the bench with ' +
        'LD_LIBRARY_PATH=DIR/usr/lib/x86_64-linux-gnu/openblas-pthread (the peer inherits it).',
    );
  log(
    `median of ${REPEATS}, interleaved; ratio = PyTorch time ÷ Basin time (> 1: Basin is faster), of CPU ` +
      `seconds (each side runs on one thread, so CPU time is its compute time even when other jobs share ` +
      `the cores); the wall-clock ratio is given beside it`,
  );
  try {
    for (const w of WORKLOADS) {
      const job = await w.prepare(peer);
      const basin: Timing[] = [];
      const torch: Timing[] = [];
      for (let r = 0; r < REPEATS; r++) {
        // Alternate who goes first, so a slow spell of the machine hits both sides alike.
        if (r % 2 === 0) {
          basin.push(await job.basin());
          torch.push(await job.torch());
        } else {
          torch.push(await job.torch());
          basin.push(await job.basin());
        }
      }
      const med = (ts: Timing[], key: keyof Timing) => median(ts.map((t) => t[key]));
      const list = (ts: Timing[]) => ts.map((t) => `${t.cpu.toFixed(2)}/${t.wall.toFixed(2)}`).join(', ');
      log(`${w.label}`);
      log(
        `  CPU/wall s: Basin ${med(basin, 'cpu').toFixed(3)}/${med(basin, 'wall').toFixed(3)} [${list(basin)}] · ` +
          `PyTorch ${med(torch, 'cpu').toFixed(3)}/${med(torch, 'wall').toFixed(3)} [${list(torch)}]`,
      );
      log(`  ${job.compare()}`);
      const wallRatio = med(torch, 'wall') / med(basin, 'wall');
      log(`RATIO ${w.name}-vs-torch1 ${(med(torch, 'cpu') / med(basin, 'cpu')).toFixed(3)}`);
      log(`  (wall-clock ratio ${wallRatio.toFixed(3)})`);
      await job.dispose();
    }
  } finally {
    peer.close();
  }
}
