/**
 * Backend conformance, cpu ↔ wasm: every attack, one step of every training method and every analysis in the
 * registry, computed from the same hard fixtures (src/core/conformance) on both backends, agree to 1e-5
 * relative (each numeric field against its own scale, src/core/conformance/compare.ts).
 */
import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../../src/core/conformance/cases';
import { compareCase } from '../../src/core/conformance/run';
import { ANALYSES } from '../../src/core/analysis/registry';
import { ATTACK_IDS } from '../../src/core/attacks/attack-ids';
import { METHOD_IDS } from '../../src/core/train/cards';
import { type Fixture, fixtures } from '../../src/core/conformance/fixtures';
import { forwardOf, inputGradient } from '../../src/core/attacks/attack';
import { toTensors } from '../../src/core/params';
import * as tf from '../../src/core/tf';
import { perExampleCrossEntropy } from '../../src/core/objectives/loss';
import { type NodeBackend, leakedTensors, useBackend } from './helpers';

const RTOL = 1e-5;

describe('cpu and wasm compute the same numbers', () => {
  it('covers every attack, training method and analysis in the registries', () => {
    const covered = (group: string) =>
      new Set(
        conformanceCases()
          .filter((c) => c.group === group)
          .map((c) => c.covers),
      );
    expect(ATTACK_IDS.filter((id) => !covered('attack').has(id))).toEqual([]);
    expect(METHOD_IDS.filter((id) => !covered('method').has(id))).toEqual([]);
    expect(Object.keys(ANALYSES).filter((id) => !covered('analysis').has(id))).toEqual([]);
  });

  it('the cases leave no tensors behind', async () => {
    await useBackend('cpu');
    const leaked = await leakedTensors(async () => {
      for (const c of conformanceCases()) await c.run();
    });
    expect(leaked).toBe(0);
  });

  it.each(
    conformanceCases()
      .filter((c) => c.group !== 'kernel')
      .map((c) => [c.id, c] as const),
  )('%s', async (_id, c) => {
    const r = await compareCase(c, (b) => useBackend(b as NodeBackend), 'cpu', 'wasm', RTOL);
    for (const m of r.mismatches)
      console.log(
        `${c.id}: ${m.path} rel ${m.relative.toExponential(2)}, ${m.failing}/${m.size} beyond, worst ${m.worst}`,
      );
    expect(r.error).toBeUndefined();
    expect(r.fields).toBeGreaterThan(0);
    expect(r.mismatches.map((m) => m.path)).toEqual([]);
  });
});

/** What makes the fixtures hard, measured on cpu (if a fixture drifts into easy cases, this fails). */
describe('the conformance fixtures are hard', () => {
  const FLT_EPSILON = 1.1920928955078125e-7;
  const { mlp, cnn } = fixtures();

  async function gradients(f: Fixture) {
    await useBackend('cpu');
    const n = f.dataset.yTrain.length;
    return tf.tidy(() => {
      const params = toTensors(f.model.params, f.params);
      const x = tf.tensor(f.dataset.xTrain, [n, ...f.dataset.inputShape]);
      const y = tf.tensor1d(f.dataset.yTrain, 'int32');
      const forward = forwardOf(f.model, params);
      const loss = (l: tf.Tensor2D) => perExampleCrossEntropy(l, y);
      const input = inputGradient(forward, loss, x).dataSync();
      const param = tf
        .grads((...p: tf.Tensor[]) => tf.sum(loss(f.model.apply(p, x).logits)))(params)
        .flatMap((g) => Array.from(g.dataSync()));
      const logits = forward(x).dataSync();
      const probes = f.model.apply(params, x, { probes: true }).probes.map((p) => p.dataSync());
      return { input: Array.from(input), param, logits: Array.from(logits), probes };
    });
  }

  const tiny = (g: number[]) => g.filter((v) => v !== 0 && Math.abs(v) < FLT_EPSILON);

  it('MLP: input gradients from 1e-6 down below 1e-12, exact zeros, logits near 1000, exact ties', async () => {
    const g = await gradients(mlp);
    const small = tiny(g.input).map(Math.abs);
    console.log(
      `MLP: ${small.length} of ${g.input.length} input-gradient coordinates in (0, 1.19e-7); min ${Math.min(...small).toExponential(1)}`,
    );
    expect(small.length).toBeGreaterThanOrEqual(10);
    expect(Math.min(...small)).toBeLessThan(1e-12);
    expect(g.input.some((v) => Math.abs(v) > 1e-6 && Math.abs(v) < 1e-3)).toBe(true);
    expect(g.input.filter((v) => v === 0).length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...g.logits.map(Math.abs))).toBeGreaterThan(900);
    for (let i = 0; i < g.logits.length; i += 3) expect(g.logits[i + 1]).toBe(g.logits[i + 2]);
  });

  it('MLP: parameter-gradient entries under 1.19e-7 (the L∞ corruption sign)', async () => {
    const g = await gradients(mlp);
    expect(tiny(g.param).length).toBeGreaterThanOrEqual(2);
  });

  it('CNN: tied max-pool windows after conv + bias + ReLU, and tiny input gradients', async () => {
    const g = await gradients(cnn);
    const [h, w, c] = [10, 10, 8]; // conv0's ReLU output of a 12×12 image
    let tied = 0;
    for (let b = 0; b < cnn.dataset.yTrain.length; b++)
      for (let i = 0; i + 1 < h; i += 2)
        for (let j = 0; j + 1 < w; j += 2)
          for (let k = 0; k < c; k++) {
            const at = (r: number, s: number) => g.probes[0][((b * h + r) * w + s) * c + k];
            const cells = [at(i, j), at(i, j + 1), at(i + 1, j), at(i + 1, j + 1)];
            const top = Math.max(...cells);
            if (top > 0 && cells.filter((v) => v === top).length > 1) tied++;
          }
    console.log(
      `CNN: ${tied} tied positive max-pool windows; ${tiny(g.input).length} input-gradient entries in (0, 1.19e-7)`,
    );
    expect(tied).toBeGreaterThan(50);
    expect(tiny(g.input).length).toBeGreaterThan(0);
  });
});
