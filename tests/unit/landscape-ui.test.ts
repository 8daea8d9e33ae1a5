/**
 * The landscape panels' data plumbing (no DOM): the requests the panels send are exactly what the core
 * analyses parse, recording while training turns the per-epoch analyses on at the chosen epochs, and the
 * pictures drawn from a real computation's partial result (coarse stage) hold the engine's own numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  landscape1dAnalysis,
  landscape2dAnalysis,
  type LandscapeResult,
} from '../../src/core/analysis/landscape';
import { sharpnessAnalysis } from '../../src/core/analysis/sharpness';
import type { SurfacePartial } from '../../src/core/analysis/surface';
import { parseConfig } from '../../src/core/config';
import type { Runner } from '../../src/core/train/runner';
import {
  extremes,
  fillGaps,
  colourTicks,
  frameFromPartial,
  frameFromResult,
  logTicks,
} from '../../src/app/panels/landscape/frames';
import { finiteRange } from '../../src/app/svg/scales';
import { latestPerEpoch, recordsOf } from '../../src/app/panels/landscape/records';
import {
  landscapeRequest,
  recordingConfig,
  settingsFor,
  sharpnessRequest,
} from '../../src/app/panels/landscape/settings';
import { applyEvent, newRun } from '../../src/app/store/runs';
import { config, useBackend } from './helpers';
import { recordingContext, trainedRunner } from './landscape-helpers';

describe('landscape panel requests', () => {
  const cfg = config({
    landscape: { normalization: 'layer', span: 2, subset: 300, directionSeed: 7, includeBiases: true },
  });

  it('send what the user set, as the analyses parse it', () => {
    const s = settingsFor(cfg, {
      resolution2d: 51,
      splits2d: ['train', 'test'],
      robust: true,
      robustEpsilon: 0.1,
      robustSteps: 5,
      robustSize: 50,
      radius: 0.3,
    });
    const two = landscape2dAnalysis.parseSettings(landscapeRequest(s, '2d'));
    expect(two).toMatchObject({
      resolution: 51,
      span: 2,
      normalization: 'layer',
      includeBiases: true,
      directionSeed: 7,
      subset: 300,
      splits: ['train', 'test'],
      radius: 0.3,
      robust: { attack: 'pgd-linf', epsilon: 0.1, steps: 5, size: 50, stepSize: null },
    });
    const one = landscape1dAnalysis.parseSettings(landscapeRequest(s, '1d'));
    // The config section asks for no particular 1-D resolution: the analysis' default (docs/methods/landscapes.md#1-d-curves).
    expect(one).toMatchObject({ resolution: 51, splits: ['train', 'test'], robust: expect.anything() });
    const sharp = sharpnessAnalysis.parseSettings(sharpnessRequest(s));
    expect(sharp).toMatchObject({ radius: 0.3, normalization: 'layer', directionSeed: 7, subset: 300 });
  });

  it('default to the run config (same directions as the per-epoch pictures) and the clean loss', () => {
    const recorded = config({
      ...cfg,
      landscape: { ...cfg.landscape, every: 1, kind: '2d', resolution: 11 },
    });
    const perEpoch = landscape2dAnalysis.perEpoch!(recorded, 1)!;
    const onDemand = landscape2dAnalysis.parseSettings(landscapeRequest(settingsFor(recorded, {}), '2d'));
    for (const key of [
      'normalization',
      'includeBiases',
      'directionSeed',
      'span',
      'subset',
      'resolution',
    ] as const)
      expect(onDemand[key], key).toEqual(perEpoch[key]);
    expect(onDemand.robust).toBeNull();
    expect(onDemand.splits).toEqual(['train']);
  });

  it('record while training: a valid config whose per-epoch analysis runs every k-th and the last epoch', () => {
    const s = settingsFor(cfg, { resolution1d: 101, splits1d: ['test'] });
    const next = recordingConfig(config({ ...cfg, training: { ...cfg.training, epochs: 7 } }), s, '1d', 3);
    const parsed = parseConfig(JSON.parse(JSON.stringify(next)));
    expect(parsed.ok).toBe(true);
    const epochs = [1, 2, 3, 4, 5, 6, 7].filter((e) => landscape1dAnalysis.perEpoch!(next, e) !== null);
    expect(epochs).toEqual([3, 6, 7]);
    expect(landscape2dAnalysis.perEpoch!(next, 3)).toBeNull();
    expect(landscape1dAnalysis.perEpoch!(next, 3)).toMatchObject({
      resolution: 101,
      splits: ['test'],
      normalization: 'layer',
    });
  });
});

describe('landscape pictures from a real computation', () => {
  let runner: Runner;
  beforeAll(async () => {
    await useBackend('wasm');
    runner = await trainedRunner({ data: { kind: 'moons', n: 200 }, training: { epochs: 1 } });
  });
  afterAll(() => runner.cancel());

  it('the coarse picture is the coarse subgrid of the final values; the final picture is the full grid', async () => {
    const { ctx, partials } = recordingContext(runner, 'landscape-2d');
    const settings = landscape2dAnalysis.parseSettings({ resolution: 25, subset: 100000 });
    const result = (await landscape2dAnalysis.run(ctx, settings)) as LandscapeResult;
    const coarse = (partials as SurfacePartial[]).find((p) => p.stage === 'coarse')!;
    const frame = frameFromPartial(coarse, 1);
    expect(frame.stage).toBe('coarse');
    expect(frame.resolution).toBe(9); // every 3rd of 25 points
    expect(frame.fullResolution).toBe(25);
    expect(frame.alphas[0]).toBe(-1);
    expect(frame.alphas[8]).toBe(1);
    frame.betas!.forEach((b, r) =>
      frame.alphas.forEach((a, c) => {
        const i = result.alphas.indexOf(a);
        const j = result.betas!.indexOf(b);
        expect(frame.loss[0][r * 9 + c]).toBe(result.values[0].loss[j * 25 + i]);
      }),
    );
    const full = frameFromResult(result, 1);
    expect(full).toMatchObject({ stage: 'complete', resolution: 25, evaluated: 625, total: 625 });
    const ext = extremes(full.loss[0], full.alphas, full.betas);
    const [lo, hi] = finiteRange(full.loss);
    expect(ext.min.value).toBe(lo);
    expect(ext.max.value).toBe(hi);
    expect(lo).toBeLessThanOrEqual(result.values[0].center.loss);
    console.log(
      `25×25 landscape: centre ${result.values[0].center.loss.toFixed(4)}, range [${lo.toFixed(4)}, ${hi.toFixed(4)}], coarse ${frame.resolution}×${frame.resolution} first`,
    );
  });
});

describe('landscape panel helpers', () => {
  it('keep the newest record per epoch, by epoch', () => {
    const analyses = [
      { id: 'landscape-2d', epoch: 2, settings: {}, result: 'a' },
      { id: 'landscape-1d', epoch: 1, settings: {}, result: 'x' },
      { id: 'landscape-2d', epoch: 1, settings: {}, result: 'b' },
      { id: 'landscape-2d', epoch: 2, settings: {}, result: 'c' },
    ];
    const frames = latestPerEpoch(recordsOf<string>({ analyses }, 'landscape-2d'));
    expect(frames.map((f) => [f.epoch, f.result])).toEqual([
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('log colour-bar ticks are 1–2–5 values inside the range', () => {
    const t = logTicks(Math.log10(0.03), Math.log10(3));
    expect(t.ticktext).toEqual(['0.05', '0.1', '0.2', '0.5', '1', '2']);
    for (const v of t.tickvals) expect(v).toBeGreaterThanOrEqual(Math.log10(0.03));
    expect(finiteRange([Float32Array.of(NaN, 2, -1, Infinity)])).toEqual([-1, 2]);
    expect(colourTicks(Math.log10(0.03), Math.log10(3), true).map((t) => t.label)).toEqual(t.ticktext);
    expect(colourTicks(0.12, 2.9, false).map((t) => t.value)).toEqual([0.5, 1, 1.5, 2, 2.5]);
  });

  it('contour gaps are filled from evaluated neighbours; evaluated points are kept', () => {
    // A 3×3 grid with the centre and a corner not evaluated.
    const g = Float32Array.of(1, 2, NaN, 4, NaN, 6, 7, 8, 9);
    const f = fillGaps(g, 3, 3);
    expect(Array.from(f)).toEqual([1, 2, (2 + 6) / 2, 4, (2 + 4 + 6 + 8) / 4, 6, 7, 8, 9]);
    // A point with no evaluated neighbour is filled in a later pass, from the filled ones.
    const far = fillGaps(Float32Array.of(5, NaN, NaN, NaN, NaN), 5, 1);
    expect(Array.from(far)).toEqual([5, 5, 5, 5, 5]);
    // Infinite losses are values, not gaps; a grid with nothing evaluated stays as it is.
    expect(Array.from(fillGaps(Float32Array.of(Infinity, NaN), 2, 1))).toEqual([Infinity, Infinity]);
    expect(Array.from(fillGaps(Float32Array.of(NaN, NaN), 2, 1)).every(Number.isNaN)).toBe(true);
  });
});

describe("the store keeps a computation's last partial picture", () => {
  it('across progress reports without one, until the result arrives', () => {
    let run = newRun(1, config(), 'run 1');
    const partial = { stage: 'coarse' };
    const progress = (fraction: number, p?: unknown, epoch = 3) =>
      (run = applyEvent(
        run,
        { type: 'analysisProgress', id: 'landscape-2d', epoch, fraction, partial: p },
        0,
      ));
    progress(0.1, partial);
    progress(0.2);
    expect(run.analysisProgress['landscape-2d']).toEqual({ epoch: 3, fraction: 0.2, partial });
    progress(0.3, undefined, 4); // another epoch's computation: not its picture
    expect(run.analysisProgress['landscape-2d'].partial).toBeUndefined();
    run = applyEvent(
      run,
      { type: 'analysis', record: { id: 'landscape-2d', epoch: 4, settings: {}, result: {} } },
      0,
    );
    expect(run.analysisProgress['landscape-2d']).toBeUndefined();
  });
});
