import { describe, expect, it } from 'vitest';
import { ANALYSES } from '../../src/core/analysis/registry';
import { defaultConfig } from '../../src/core/config';
import {
  type ConfigPatch,
  applyPatch,
  configDifferences,
  droppedSettings,
  mergePatch,
} from '../../src/core/config-patch';
import { compareRuns, runCurves, sharpnessFigures } from '../../src/core/compare';
import type { AnalysisRecord, EpochMetrics } from '../../src/core/events';
import {
  LESSON_PANELS,
  STAGE_COLUMNS,
  STAGE_MAX_FIGURES,
  URL_ID,
  comparisonRuns,
  stepConfig,
} from '../../src/core/lessons/lesson';
import { LESSONS, findLessonStep, getLesson } from '../../src/core/lessons/registry';
import { PRESET_GALLERY } from '../../src/core/presets/gallery';
import { presetRuns } from '../../src/core/presets/preset';

/** Leaf paths a patch names ("training.method", …); lists are leaves. */
function leafPaths(patch: unknown, prefix = ''): string[] {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return [prefix];
  return Object.entries(patch).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** An analysis' settings must pass its own validation. */
function expectValidAnalysis(id: string, settings: unknown) {
  const analysis = ANALYSES[id];
  expect(analysis, `analysis "${id}" is registered`).toBeDefined();
  expect(() => analysis.parseSettings(settings)).not.toThrow();
}

describe('config patches', () => {
  it('merge objects key by key, replace lists, and replace an object whose kind changes', () => {
    const base: ConfigPatch = {
      data: { kind: 'moons', n: 300, noise: 0.3 },
      model: { kind: 'mlp', hidden: [16, 16] },
    };
    const merged = mergePatch(base, { data: { noise: 0.1 }, model: { hidden: [8] } });
    expect(merged).toEqual({
      data: { kind: 'moons', n: 300, noise: 0.1 },
      model: { kind: 'mlp', hidden: [8] },
    });
    const switched = mergePatch(base, { data: { kind: 'mnist', trainSize: 500 } });
    expect(switched.data).toEqual({ kind: 'mnist', trainSize: 500 });
    expect(base.data).toEqual({ kind: 'moons', n: 300, noise: 0.3 }); // inputs untouched
  });

  it('applyPatch parses strictly: invalid values and out-of-range numbers throw', () => {
    expect(applyPatch({}, { training: { method: 'awp-at' } }).training.method).toBe('awp-at');
    expect(() => applyPatch({}, { training: { method: 'nope' as never } })).toThrow(/training.method/);
    expect(() => applyPatch({}, { awp: { gamma: 3 } })).toThrow(/awp.gamma/);
  });

  it('configDifferences names the differing leaves; droppedSettings names settings the schema ignores', () => {
    const a = defaultConfig();
    const b = applyPatch(a, { training: { method: 'pgd-at' }, awp: { gamma: 0.02 } });
    expect(configDifferences(a, b)).toEqual(['awp.gamma', 'training.method']);
    expect(configDifferences(a, applyPatch(a, { model: { kind: 'cnn' } }))).toEqual(['model.kind']);
    expect(droppedSettings({ training: { method: 'pgd-at' } }, b)).toEqual([]);
    expect(droppedSettings({ nonsense: { x: 1 }, training: { epochs: 5 } }, b)).toEqual([
      'nonsense',
      'training.epochs',
    ]);
  });
});

describe('lessons', () => {
  it('the AWP lesson has the six steps of the issue, with URL-friendly unique ids', () => {
    const lesson = getLesson('awp-in-6-steps');
    expect(lesson.steps.map((s) => s.id)).toEqual([
      'sharp-vs-flat',
      'perturb-by-hand',
      'worst-case-direction',
      'at-overfits',
      'awp-flattens',
      'compare',
    ]);
    for (const l of Object.values(LESSONS)) {
      expect(l.id).toMatch(URL_ID);
      const ids = l.steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(URL_ID);
    }
  });

  it('every step strict-parses, keeps every setting it names, and names only known panels and analyses', () => {
    for (const lesson of Object.values(LESSONS))
      for (const step of lesson.steps) {
        const config = stepConfig(lesson, step);
        expect(droppedSettings(mergePatch(lesson.baseConfig, step.config), config), step.id).toEqual([]);
        expect(step.text.length).toBeGreaterThan(0);
        expect(step.lookFor.length).toBeGreaterThan(0);
        expect(step.panels.length).toBeGreaterThan(0);
        for (const p of step.panels) expect(LESSON_PANELS).toContain(p);
        expect(step.actions.length).toBeGreaterThan(0);
        for (const action of step.actions) {
          if (action.kind === 'analysis') expectValidAnalysis(action.analysis, action.settings);
          if (action.kind === 'compare') {
            expect(action.runs.length).toBeGreaterThanOrEqual(2);
            expect(new Set(action.runs.map((r) => r.id)).size).toBe(action.runs.length);
          }
        }
        // Comparison runs start from the same data and initial weights and differ in what their patches name.
        const runs = comparisonRuns(lesson, step);
        for (const r of runs.slice(1)) {
          const diff = configDifferences(runs[0].config, r.config);
          expect(diff.length).toBeGreaterThan(0);
          for (const key of ['seed', 'data', 'model'] as const)
            expect(configDifferences(runs[0].config[key], r.config[key])).toEqual([]);
        }
      }
  });

  it('every step puts one or two of its highlighted panels on the stage; a comparison part only when it compares', () => {
    for (const lesson of Object.values(LESSONS))
      for (const step of lesson.steps) {
        const where = `${lesson.id}/${step.id}`;
        expect(step.stage.length, where).toBeGreaterThanOrEqual(1);
        expect(step.stage.length, where).toBeLessThanOrEqual(STAGE_MAX_FIGURES);
        const compares = comparisonRuns(lesson, step).length > 0;
        for (const figure of step.stage) {
          if ('panel' in figure) expect(step.panels, where).toContain(figure.panel);
          else {
            expect(step.panels, where).toContain('comparison');
            expect(compares, where).toBe(true);
          }
          if ('table' in figure) {
            expect(figure.table.length, where).toBeGreaterThan(0);
            for (const c of figure.table) expect(STAGE_COLUMNS).toContain(c);
          }
        }
        expect(new Set(step.stage.map((f) => JSON.stringify(f))).size, where).toBe(step.stage.length);
      }
  });

  it('the AT and AT-AWP steps differ in the training method only', () => {
    const lesson = getLesson('awp-in-6-steps');
    const at = stepConfig(lesson, lesson.steps[3]);
    const awp = stepConfig(lesson, lesson.steps[4]);
    expect(configDifferences(at, awp)).toEqual(['training.method']);
    expect([at.training.method, awp.training.method]).toEqual(['pgd-at', 'awp-at']);
    const runs = comparisonRuns(lesson, lesson.steps[5]);
    expect(runs.map((r) => r.config.training.method)).toEqual(['pgd-at', 'awp-at']);
    expect(configDifferences(runs[1].config, awp)).toEqual([]);
  });

  it('finds a step from the ids a share link carries', () => {
    expect(findLessonStep('awp-in-6-steps', 'compare')?.index).toBe(5);
    expect(findLessonStep('awp-in-6-steps')?.step.id).toBe('sharp-vs-flat');
    expect(findLessonStep('awp-in-6-steps', 'no-such-step')).toBeNull();
    expect(findLessonStep('no-such-lesson', 'compare')).toBeNull();
  });
});

describe('preset gallery', () => {
  it('has at least 8 presets with unique URL-friendly ids, across several topics', () => {
    expect(PRESET_GALLERY.length).toBeGreaterThanOrEqual(8);
    const ids = PRESET_GALLERY.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(URL_ID);
    expect(new Set(PRESET_GALLERY.flatMap((p) => p.topics)).size).toBeGreaterThanOrEqual(4);
  });

  it('every preset strict-parses and keeps every setting; a partner differs in exactly what its patch names', () => {
    for (const preset of PRESET_GALLERY) {
      const runs = presetRuns(preset);
      expect(droppedSettings(preset.config, runs[0].config), preset.id).toEqual([]);
      for (const a of preset.analyses ?? []) expectValidAnalysis(a.analysis, a.settings);
      if (!preset.partner) continue;
      expect(
        droppedSettings(mergePatch(preset.config, preset.partner.patch), runs[1].config),
        preset.id,
      ).toEqual([]);
      const diff = configDifferences(runs[0].config, runs[1].config);
      expect(diff, preset.id).toEqual(leafPaths(preset.partner.patch).sort());
    }
  });
});

const epoch = (e: number, extra: Record<string, number>, acc = 0.9): EpochMetrics => ({
  epoch: e,
  trainLoss: 0.1,
  trainAcc: acc,
  testLoss: 0.2,
  testAcc: acc - 0.05,
  objective: 0.3,
  seconds: 1,
  examplesPerSec: 100,
  extra,
});

describe('compareRuns', () => {
  const at = applyPatch({}, { training: { method: 'pgd-at' } });
  const awp = applyPatch(at, { training: { method: 'awp-at' } });
  const landscape = (e: number, rise: number, robust: boolean, split = 'train'): AnalysisRecord => ({
    id: 'landscape-1d',
    epoch: e,
    settings: { robust: robust ? { attack: 'pgd-linf' } : null },
    result: { sharpness: [{ split, maxRise: { radius: 0.5, rise, alpha: 0.5, beta: 0 } }] },
  });

  it('reads the final figures, the best robust epoch, the sharpness numbers and the differing settings', () => {
    const comparison = compareRuns([
      {
        label: 'AT',
        config: at,
        history: [
          epoch(1, { robustTrainAcc: 0.8, robustTestAcc: 0.78 }),
          epoch(2, {}),
          epoch(3, { robustTrainAcc: 0.95, robustTestAcc: 0.7 }),
        ],
        analyses: [landscape(3, 0.9, false), landscape(2, 0.5, true), landscape(3, 0.6, true)],
      },
      {
        label: 'AWP',
        config: awp,
        history: [
          epoch(1, { robustTrainAcc: 0.8, robustTestAcc: 0.79 }),
          epoch(3, { robustTrainAcc: 0.9, robustTestAcc: 0.8 }),
        ],
        analyses: [landscape(3, 0.2, true, 'test'), landscape(3, 0.3, true, 'train')],
      },
    ]);
    const [a, b] = comparison.rows;
    expect(a.method).toBe('pgd-at');
    expect(a.epoch).toBe(3);
    expect(a.robustGap).toBeCloseTo(0.25, 12);
    expect([a.bestRobustTestAcc, a.bestRobustEpoch]).toEqual([0.78, 1]);
    expect(a.robustSharpness?.value).toBe(0.6); // the latest robust landscape
    expect(a.sharpness?.value).toBe(0.9);
    expect(b.robustGap).toBeCloseTo(0.1, 12);
    expect(b.robustSharpness?.value).toBe(0.2); // the test split is preferred for the robust figure
    expect(b.sharpness).toBeNull();
    expect(comparison.differences).toEqual(['training.method']);
    expect(comparison.warnings).toEqual([]);
    expect(
      runCurves({ label: 'AT', config: at, history: [epoch(1, { robustTrainAcc: 0.8, robustTestAcc: 0.7 })] })
        .robustGap[0],
    ).toBeCloseTo(0.1, 12);
  });

  it('warns when runs do not share seed, data or model, and survives results without numbers', () => {
    const other = applyPatch(at, { seed: 2 });
    const comparison = compareRuns([
      { label: 'A', config: at, history: [] },
      {
        label: 'B',
        config: other,
        history: [],
        analyses: [{ id: 'landscape-1d', epoch: 0, settings: {}, result: null }],
      },
    ]);
    expect(comparison.warnings).toHaveLength(1);
    expect(comparison.warnings[0]).toMatch(/seed/);
    expect(comparison.rows[1].robustGap).toBeNull();
    expect(sharpnessFigures([{ id: 'sharpness', epoch: 1, settings: {}, result: { maxRise: 'x' } }])).toEqual(
      [],
    );
  });
});
