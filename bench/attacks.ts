/**
 * Bench section: PGD-10 throughput (examples/s) on MNIST-shaped inputs with the default 'small' CNN, for the
 * Node backends side by side, with their ratio. Random weights and random [0, 1] 28×28 inputs: throughput
 * does not depend on the values, and the MNIST asset is not needed. Keeps to well under a minute.
 */
import * as tf from '../src/core/tf';
import { forwardOf } from '../src/core/attacks/attack';
import { pgdLinf } from '../src/core/attacks/pgd-linf';
import { CNN_ARCHITECTURES, createCnn } from '../src/core/models/cnn';
import { initialValues, toTensors } from '../src/core/params';
import { Rng } from '../src/core/rng';
import { type NodeBackend, useBackend } from '../src/node/backend';

export interface AttackBenchRow {
  backend: NodeBackend;
  batch: number;
  examples: number;
  seconds: number;
  examplesPerSec: number;
}

/** The same batch on both backends (a fair ratio); how long to keep measuring each. */
const BATCH = 16;
const PLAN: { backend: NodeBackend; seconds: number }[] = [
  { backend: 'wasm', seconds: 5 },
  { backend: 'cpu', seconds: 8 },
];

const SETTINGS = { epsilon: 0.3, steps: 10, stepSize: null, restarts: 1 };

async function measure(backend: NodeBackend, batch: number, budgetSeconds: number): Promise<AttackBenchRow> {
  await useBackend(backend);
  const model = createCnn([28, 28, 1], CNN_ARCHITECTURES.small, 10, 'small');
  const params = toTensors(model.params, initialValues(model, 1));
  const forward = forwardOf(model, params);
  const rng = new Rng(1);
  const x = tf.tensor(rng.uniforms(batch * 784, 0, 1), [batch, 28, 28, 1]);
  const y = tf.tensor1d(
    Int32Array.from({ length: batch }, () => rng.int(10)),
    'int32',
  );
  const attackOnce = async () => {
    const adv = pgdLinf(forward, x, y, SETTINGS, rng, [0, 1]);
    await adv.data();
    adv.dispose();
  };
  await attackOnce(); // warm-up: kernel set-up, first allocations
  let examples = 0;
  const start = performance.now();
  do {
    await attackOnce();
    examples += batch;
  } while (performance.now() - start < budgetSeconds * 1000);
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([x, y, ...params]);
  return { backend, batch, examples, seconds, examplesPerSec: examples / seconds };
}

export async function benchAttacks(): Promise<AttackBenchRow[]> {
  console.log('\n## PGD-10 throughput (L∞, ε = 0.3, α = 0.075), CNN small on 28×28×1 inputs in [0, 1]\n');
  const rows: AttackBenchRow[] = [];
  for (const p of PLAN) rows.push(await measure(p.backend, BATCH, p.seconds));
  console.log('| backend | batch | examples | seconds | examples/s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.backend} | ${r.batch} | ${r.examples} | ${r.seconds.toFixed(2)} | ${r.examplesPerSec.toFixed(1)} |`,
    );
  const [wasm, cpu] = rows;
  console.log(
    `\nwasm / cpu: ${(wasm.examplesPerSec / cpu.examplesPerSec).toFixed(1)}× (same run, same inputs)`,
  );
  return rows;
}

// `tsx bench/attacks.ts` runs this section alone.
if (process.argv[1]?.endsWith('attacks.ts')) await benchAttacks();
