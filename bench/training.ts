/**
 * Training throughput (examples/s) of the reference workloads on each Node backend, side by side:
 * LSA Model A (2-100-100-100-2 ELU, docs/methods/lsa.md#models-a-and-b) on 1,000 moons points trained with
 * standard training, PGD-AT and AT-AWP (one row each), the default MNIST CNN
 * ('small') with the custom conv gradient on wasm (docs/engine-notes.md#wasm-cannot-train-conv-nets); and
 * AW-Net's adversarial training beside PGD-AT's on the same MLP.
 */
import { type ExperimentConfig, type ExperimentConfigInput, parseConfig } from '../src/core/config';
import type { Dataset } from '../src/core/data/dataset';
import { loadDataset } from '../src/core/data/registry';
import { awnet } from '../src/core/train/methods/awnet';
import { awpAt } from '../src/core/train/methods/awp-at';
import { pgdAt } from '../src/core/train/methods/pgd-at';
import { standard } from '../src/core/train/methods/standard';
import { Trainer } from '../src/core/train/trainer';
import { NODE_BACKENDS, type NodeBackend, useBackend } from '../src/node/backend';
import { nodeDataSources } from '../src/node/mnist-file';

export const name = 'training';

interface Workload {
  label: string;
  config: ExperimentConfigInput;
  /** Measure for at least this long (whole epochs), after one warm-up epoch on `warmup`. */
  minSeconds: number;
  warmup: ExperimentConfigInput;
}

const MODEL_A = { kind: 'mlp' as const, hidden: [100, 100, 100], activation: 'elu' as const };

const WORKLOADS: Workload[] = [
  // One row per training method family: clean, adversarial inputs (PGD-10), adversarial weights on top.
  ...[standard, pgdAt, awpAt].map((card): Workload => ({
    label: `${card.label}: LSA Model A 2-100-100-100-2 ELU, moons 700 train, batch 32`,
    config: {
      data: { kind: 'moons', n: 1000 },
      model: MODEL_A,
      training: { batchSize: 32, method: card.id },
    },
    warmup: { data: { kind: 'moons', n: 100 }, model: MODEL_A, training: { method: card.id } },
    minSeconds: 4,
  })),
  {
    label: "CNN 'small' (conv8-pool-conv16-pool-dense10), 256 MNIST, batch 64",
    config: {
      data: { kind: 'mnist', trainSize: 256, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { batchSize: 64 },
    },
    warmup: {
      data: { kind: 'mnist', trainSize: 100, testSize: 100 },
      model: { kind: 'cnn', preset: 'small' },
      training: { batchSize: 64 },
    },
    minSeconds: 4,
  },
  // AW-Net beside PGD-AT on the same base MLP (the AW-Net preset): both attack with PGD-10 every step.
  ...[pgdAt, awnet].map((card): Workload => {
    const model =
      card === awnet
        ? { kind: 'awnet' as const, hidden: [32, 32] }
        : { kind: 'mlp' as const, hidden: [32, 32] };
    return {
      label: `${card.label} MLP 2-32-32-2 tanh, PGD-10, moons n=1000, batch 32`,
      config: {
        data: { kind: 'moons', n: 1000 },
        model,
        training: { batchSize: 32, method: card.id },
      },
      warmup: {
        data: { kind: 'moons', n: 100 },
        model,
        training: { method: card.id },
      },
      minSeconds: 4,
    };
  }),
];

function strict(input: ExperimentConfigInput): ExperimentConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

interface Rate {
  /** Examples per wall-clock second. */
  wall: number;
  /** Examples per CPU second of this process (less sensitive to a busy machine). */
  cpu: number;
}

async function trainingRate(w: Workload, backend: NodeBackend): Promise<Rate> {
  await useBackend(backend);
  const warmup = strict(w.warmup);
  const warm = new Trainer(warmup, await loadDataset(warmup, nodeDataSources));
  await warm.trainEpoch();
  warm.dispose();

  const cfg = strict(w.config);
  const data: Dataset = await loadDataset(cfg, nodeDataSources);
  const trainer = new Trainer(cfg, data);
  let examples = 0;
  let seconds = 0;
  const cpuStart = process.cpuUsage();
  while (seconds < w.minSeconds || examples === 0) {
    const stats = await trainer.trainEpoch();
    if (!stats) break;
    examples += stats.examples;
    seconds += stats.seconds;
  }
  const cpu = process.cpuUsage(cpuStart);
  trainer.dispose();
  return { wall: examples / seconds, cpu: examples / ((cpu.user + cpu.system) / 1e6) };
}

const fmt = (r: Rate) =>
  `${Math.round(r.wall).toLocaleString('en')} (${Math.round(r.cpu).toLocaleString('en')})`;

export async function run(log: (line: string) => void): Promise<void> {
  const backends = [...NODE_BACKENDS].sort(); // cpu, wasm
  log('training examples/s, wall clock (per CPU-second in brackets); wasm/cpu = ratio of the wall rates');
  log(['workload'.padEnd(72), ...backends.map((b) => b.padStart(16)), 'wasm/cpu'.padStart(10)].join(''));
  for (const w of WORKLOADS) {
    const rates: Partial<Record<NodeBackend, Rate>> = {};
    for (const backend of backends) rates[backend] = await trainingRate(w, backend);
    const ratio = rates.wasm!.wall / rates.cpu!.wall;
    log(
      [
        w.label.padEnd(72),
        ...backends.map((b) => fmt(rates[b]!).padStart(16)),
        `${ratio.toFixed(1)}×`.padStart(10),
      ].join(''),
    );
  }
}
