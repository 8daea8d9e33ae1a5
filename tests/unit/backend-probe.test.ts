import { describe, expect, it } from 'vitest';
import { type ProbeTiming, fastestBackend, timeWorkload } from '../../src/core/backend-probe';
import { createCnn, CNN_ARCHITECTURES } from '../../src/core/models/cnn';
import { createMlp } from '../../src/core/models/mlp';
import { leakedTensors, useBackend } from './helpers';

describe("auto's measured backend probe", () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`times a step and a landscape row on ${backend}, leaving no tensors`, async () => {
      await useBackend(backend);
      const models = [createMlp(2, [100, 100, 100], 2, 'elu')];
      // The cpu backend is never a probe candidate; a CNN step there takes seconds.
      if (backend === 'wasm') models.push(createCnn([28, 28, 1], CNN_ARCHITECTURES.small, 10, 'small'));
      for (const model of models) {
        let t: ProbeTiming | undefined;
        const leaked = await leakedTensors(async () => {
          const timing = await timeWorkload(model, 32);
          if ('overBudget' in timing) throw new Error('no deadline was given');
          t = timing;
        });
        console.log(
          `${model.description} on ${backend}: step ${t!.stepMs.toFixed(2)} ms, row ${t!.rowMs.toFixed(2)} ms`,
        );
        expect(leaked).toBe(0);
        expect(t!.backend).toBe(backend);
        expect(t!.stepMs).toBeGreaterThan(0);
        expect(t!.rowMs).toBeGreaterThan(0);
      }
    });

  it('gives up a warm-up that runs past the deadline and disposes its tensors once it settles', async () => {
    await useBackend('wasm');
    const model = createMlp(2, [100, 100, 100], 2, 'elu');
    let t: Awaited<ReturnType<typeof timeWorkload>> | undefined;
    const leaked = await leakedTensors(async () => {
      t = await timeWorkload(model, 32, performance.now());
      if ('overBudget' in t) await t.settled;
    });
    expect(leaked).toBe(0);
    expect(t).toMatchObject({ backend: 'wasm', overBudget: true });
  });

  it('picks the smallest step + row and says what it measured', () => {
    const r = fastestBackend([
      { backend: 'webgpu', stepMs: 3, rowMs: 9 },
      { backend: 'wasm', stepMs: 5, rowMs: 4 },
      { backend: 'webgl', stepMs: 1, rowMs: 20 },
    ]);
    expect(r.backend).toBe('wasm');
    expect(r.reason).toBe(
      'measured one training step + one landscape row: webgpu 3.0 + 9.0 ms, wasm 5.0 + 4.0 ms, webgl 1.0 + 20.0 ms',
    );
    expect(() => fastestBackend([])).toThrow();
  });
});
