// What keeps the lab standing when its input is odd: the unstable-run rule, the repair of combinations
// that cannot run, the figure colouring of non-finite probabilities, and the field rule shared with links.
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/core/config';
import { repairCombinations } from '../../src/core/config-repair';
import { readDecimal } from '../../src/core/config-messages';
import { assessStability } from '../../src/core/train/stability';
import { cellColours, nonFiniteCells } from '../../src/app/panels/boundary-figure';
import { nearestAllowed } from '../../src/app/controls/fields';
import { decodeHash } from '../../src/app/url';
import { THEMES } from '../../src/app/theme/themes';
import type { BoundaryGrid } from '../../src/worker/protocol';

describe('unstable runs', () => {
  it('SGD swinging between 5 and 300 and ending at 17.98 is unstable, not finished', () => {
    // The shape of the reported run: the loss before training 0.69, then large swings.
    const losses = [5.1, 300, 42, 7.3, 150, 9.8, 60, 17.98];
    const r = assessStability(losses, 0.69);
    expect(r?.reason).toBe('the loss ended at 18.0, 26.1× its best (0.690)');
  });

  it('a loss that rises in each of the last 3 epochs is unstable', () => {
    expect(assessStability([0.69, 0.4, 0.3, 0.35, 0.45, 0.6], 0.7)?.reason).toBe(
      'the loss went up in each of the last 3 epochs (from 0.300 to 0.600)',
    );
  });

  it('healthy runs, and noise near a perfect fit, are not', () => {
    expect(assessStability([0.5, 0.3, 0.2, 0.1, 0.05, 0.04], 0.69)).toBeNull();
    // Adam near zero loss wobbles by orders of magnitude, but by less than 0.1 nats: not unstable.
    expect(assessStability([0.3, 0.01, 0.001, 0.0002, 0.004, 0.009, 0.02], 0.69)).toBeNull();
    // A small rise over three epochs (overfitting's usual noise) is not instability either.
    expect(assessStability([0.3, 0.2, 0.21, 0.22, 0.23], 0.69)).toBeNull();
    expect(assessStability([], 0.69)).toBeNull();
    // A loss that went up but started higher still: the run is noisy, not far from its best by 10×.
    expect(assessStability([2, 1.5, 1, 1.2], 3)).toBeNull();
  });

  it('a run worse than where it started by 10× is unstable even without the loss before training', () => {
    expect(assessStability([0.2, 0.1, 3])?.reason).toMatch(/^the loss ended at 3\.00, 30\.0× its best/);
  });
});

describe('combinations that cannot run', () => {
  const config = (patch: object) => {
    const r = parseConfig(patch);
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.config;
  };

  it('leave a valid combination alone', () => {
    const c = defaultConfig();
    expect(repairCombinations(c)).toEqual({ config: c, notes: [] });
  });

  it('replace the model that cannot read the data by the data’s default model', () => {
    const r = repairCombinations(config({ data: { kind: 'mnist' }, model: { kind: 'mlp' } }));
    expect(r.config.model).toEqual({ kind: 'cnn', preset: 'small' });
    expect(r.notes).toHaveLength(1);
  });

  it('follow the data silently when the source never named a model', () => {
    const r = repairCombinations(config({ data: { kind: 'mnist' } }), { data: true, model: false });
    expect(r).toEqual({
      config: { ...config({ data: { kind: 'mnist' } }), model: { kind: 'cnn', preset: 'small' } },
      notes: [],
    });
  });

  it('every link outcome can run: model fits data, whatever the link said', () => {
    for (const hash of [
      '#v1&data.kind=mnist',
      '#v1&model.kind=cnn',
      '#v1&data.kind=moons&model.kind=cnn',
      '#v1&data.kind=mnist&model.kind=mlp',
      '#v1&data.kind=csv&model.kind=cnn',
      '#v1&model.preset=lsa-b',
    ]) {
      const { config: c } = decodeHash(hash);
      expect((c.model.kind === 'cnn') === (c.data.kind === 'mnist'), hash).toBe(true);
    }
  });
});

describe('the boundary figure with non-finite probabilities', () => {
  const grid = (probs: number[]): BoundaryGrid => ({
    epoch: 1,
    size: 2,
    extent: [-1, 1, -1, 1],
    numClasses: 2,
    probs: Float32Array.from(probs),
    predTrain: new Uint8Array(),
    predTest: new Uint8Array(),
  });

  it('leaves those cells transparent (a gap) and counts them, instead of throwing', () => {
    const g = grid([0.5, 0.5, NaN, NaN, 0.1, 0.9, Infinity, 0]);
    const pixels = cellColours(g, THEMES.light);
    const alpha = [3, 7, 11, 15].map((i) => pixels[i]);
    expect(alpha).toEqual([255, 0, 255, 0]);
    expect(nonFiniteCells(g)).toBe(2);
  });

  it('an all-NaN grid (weights that overflow) draws nothing and throws nothing', () => {
    const g = grid(new Array(8).fill(NaN));
    expect(Array.from(cellColours(g, THEMES.dark)).every((v) => v === 0)).toBe(true);
    expect(nonFiniteCells(g)).toBe(4);
  });
});

describe('one rule for numbers typed in a field or a link', () => {
  it('a field moves a number out of range to the nearest allowed value, as the link parser does', () => {
    for (const [lr, expected] of [
      [100, 10],
      [1e6, 10],
      [0, 1e-6],
      [0.05, 0.05],
    ] as const) {
      expect(nearestAllowed(lr, 1e-6, 10)).toBe(expected);
      expect(decodeHash(`#v1&optimizer.lr=${lr}`).config.optimizer.lr).toBe(expected);
    }
    expect(nearestAllowed(2.5, 1, 1000, true)).toBe(3);
    expect(decodeHash('#v1&training.epochs=2.5').config.training.epochs).toBe(3);
    expect(nearestAllowed(-4, 1, 1000, true)).toBe(1);
  });

  it('reads numbers the same way: decimal notation only', () => {
    for (const ok of ['1', '-2.5', '.5', '1e-3', ' 7 ', '+3']) expect(readDecimal(ok)).toBe(Number(ok));
    for (const bad of ['0x10', '1e', 'Infinity', 'NaN', '', '½', '1,2', '1.2.3'])
      expect(readDecimal(bad)).toBeNaN();
  });
});
