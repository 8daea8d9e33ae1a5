import { beforeAll, describe, expect, it } from 'vitest';
import { classifyChange } from '../../src/core/lab/config-change';
import { configKey } from '../../src/core/lab/config-key';
import { Lab, localHost } from '../../src/core/lab/lab';
import { type PlanStatus, runPlan } from '../../src/core/lab/plan';
import type { EngineEvent } from '../../src/core/events';
import * as tf from '../../src/core/tf';
import { Runner } from '../../src/core/train/runner';
import { config, moons, useBackend } from './helpers';

const losses = (r: Runner) => r.history.map((m) => [m.epoch, m.trainLoss, m.testLoss, m.objective]);

describe('classifyChange: continue or a new run', () => {
  const base = config({ training: { epochs: 10 } });
  const withEpochs = (epochs: number) => config({ training: { epochs } });

  it('the same settings change nothing', () => {
    expect(classifyChange(base, config({ training: { epochs: 10 } }), 10)).toEqual({ kind: 'same' });
  });

  it('more epochs continue the run from the epochs trained', () => {
    const change = classifyChange(base, withEpochs(20), 10);
    expect(change).toMatchObject({ kind: 'continue', from: 10, to: 20 });
  });

  it('fewer epochs than trained start a new run; fewer than planned but not below trained continue', () => {
    expect(classifyChange(base, withEpochs(5), 8).kind).toBe('restart');
    expect(classifyChange(base, withEpochs(8), 6)).toMatchObject({ kind: 'continue', from: 6, to: 8 });
  });

  it('data, model, seed and method start a new run, named in words', () => {
    const cases = [
      [config({ seed: 2 }), 'Seed'],
      [config({ data: { kind: 'moons', n: 500, noise: 0.15, testFraction: 0.3 } }), 'Points'],
      [config({ model: { kind: 'mlp', hidden: [8], activation: 'tanh' } }), 'Hidden layers'],
      [config({ training: { method: 'pgd-at' } }), 'Training method'],
    ] as const;
    for (const [next, name] of cases) {
      const change = classifyChange(config(), next, 3);
      expect(change.kind).toBe('restart');
      if (change.kind === 'restart') expect(change.message).toContain(name);
    }
  });

  it('keys ignore the order of settings, not their values', () => {
    const a = config({ seed: 3 });
    const reordered = { ...Object.fromEntries(Object.entries(a).reverse()) } as typeof a;
    expect(configKey(reordered)).toBe(configKey(a));
    expect(configKey(config({ seed: 4 }))).not.toBe(configKey(a));
  });
});

describe('Lab and runPlan (moons, wasm)', () => {
  beforeAll(() => useBackend('wasm'));

  it('3 epochs continued to 5 give the numbers of 5 epochs straight (same weights, optimiser and step)', async () => {
    const cfg5 = config({ training: { epochs: 5 } });
    const straight = await Runner.create(cfg5, moons(cfg5), 'wasm', () => {});
    await straight.play();
    const cfg3 = config({ training: { epochs: 3 } });
    const continued = await Runner.create(cfg3, moons(cfg3), 'wasm', () => {});
    await continued.play();
    expect(continued.state).toBe('done');
    continued.continueTo(5);
    expect(continued.state).toBe('paused');
    await continued.play();
    expect(continued.trainer.epoch).toBe(5);
    expect(losses(continued)).toEqual(losses(straight));
    await straight.cancel();
    await continued.cancel();
  });

  it('a plan reuses a run trained with the same settings and the analyses it already has', async () => {
    const lab = new Lab({ dataset: async (c) => moons(c), backend: async () => 'wasm' });
    const events: EngineEvent[] = [];
    const host = localHost(lab, (e) => events.push(e));
    const cfg = config({ training: { epochs: 2 } });
    const plan = {
      title: 't',
      runs: [{ label: 'a', config: cfg }],
      analyses: [{ analysis: 'landscape-1d', settings: { points: 5 } }],
    };
    const statuses: PlanStatus[] = [];
    const [first] = await runPlan(host, plan, new AbortController().signal, (s) => statuses.push(s));
    const trainedEpochs = events.filter((e) => e.type === 'epoch').length;
    expect(trainedEpochs).toBe(2);
    expect(statuses.some((s) => /^training a \d\/2$/.test(s.message))).toBe(true);
    expect(statuses.some((s) => s.phase === 'analysing' && /%$/.test(s.message))).toBe(true);
    const analysesBefore = first.runner.analyses.length;
    // Another run in between, then the same plan again: shown again from its record, nothing recomputed.
    await runPlan(
      host,
      { ...plan, runs: [{ label: 'b', config: config({ seed: 2, training: { epochs: 1 } }) }] },
      new AbortController().signal,
    );
    events.length = 0;
    statuses.length = 0;
    const [again] = await runPlan(host, plan, new AbortController().signal, (s) => statuses.push(s));
    expect(events.filter((e) => e.type === 'epoch' || e.type === 'analysisProgress')).toEqual([]);
    expect(statuses.map((s) => s.message)).toContain('a already trained (2 epochs): shown again');
    expect(statuses.at(-1)?.message).toBe('already trained: shown again and analysed');
    expect(again.id).toBe(first.id);
    expect(again.runner.analyses.length).toBe(analysesBefore);
    expect(losses(again.runner)).toEqual(losses(first.runner));
    await lab.end();
  });

  it('a kept run is made current again with its epoch, history and analyses, finished', async () => {
    const lab = new Lab({ dataset: async (c) => moons(c), backend: async () => 'wasm' });
    const cfg = config({ training: { epochs: 2 } });
    const run = await lab.create(7, cfg, () => {});
    await run.runner.play();
    await run.runner.analyse('landscape-1d', { points: 5 });
    const history = losses(run.runner);
    await lab.create(8, config({ seed: 5, training: { epochs: 1 } }), () => {});
    expect(lab.trained(cfg)).toBe(7);
    expect(await lab.activate(7, () => {})).toBe(true);
    const back = lab.current!.runner;
    expect([back.trainer.epoch, back.state, back.analyses.length]).toEqual([2, 'done', 1]);
    expect(losses(back)).toEqual(history);
    expect(await lab.activate(99, () => {})).toBe(false);
    await lab.end();
  });
  it("localHost's prepare runs on a created run before it trains, not on a reused one", async () => {
    const lab = new Lab({ dataset: async (c) => moons(c), backend: async () => 'wasm' });
    const seen: [number, string][] = [];
    const host = localHost(lab, () => {}, {
      prepare: ({ runner }) => void seen.push([runner.trainer.epoch, runner.state]),
    });
    const plan = {
      title: 't',
      runs: [{ label: 'a', config: config({ training: { epochs: 2 } }) }],
      analyses: [],
    };
    const [first] = await runPlan(host, plan, new AbortController().signal);
    expect(first.runner.trainer.epoch).toBe(2);
    await runPlan(host, plan, new AbortController().signal);
    expect(seen).toEqual([[0, 'idle']]);
    await lab.end();
  });

  it('a run that diverges fails the plan, unless the host allows unfinished runs', async () => {
    const lab = new Lab({ dataset: async (c) => moons(c), backend: async () => 'wasm' });
    // Weights that are not numbers: the first epoch's loss is NaN and the run diverges.
    const poison = ({ runner }: { runner: Runner }) => {
      const v = runner.trainer.vars[0];
      const nan = tf.fill(v.shape, NaN);
      v.assign(nan);
      nan.dispose();
    };
    const plan = (seed: number) => ({
      title: 't',
      runs: [{ label: 'nan', config: config({ seed, training: { epochs: 2 } }) }],
      analyses: [],
    });
    const strict = localHost(lab, () => {}, { prepare: poison });
    await expect(runPlan(strict, plan(1), new AbortController().signal)).rejects.toThrow(/diverged/);
    const lenient = localHost(lab, () => {}, { prepare: poison, allowUnfinished: true });
    const [run] = await runPlan(lenient, plan(2), new AbortController().signal);
    expect(run.runner.state).toBe('diverged');
    await lab.end();
  });
});
