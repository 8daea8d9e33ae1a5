/**
 * The claims of the lesson "Why does robustness cost accuracy?" against a fresh computation of its two steps
 * (wasm, the AW-Net preset's seed): the quoted accuracies, filter norms and router figures are the computed
 * ones at the precision they are quoted with, and the relations the text states (smaller PGD-AT filters, AW-Net
 * not above the static models' line, the router-ignoring attack as strong as the adaptive one) hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterResult } from '../../src/core/analysis/awnet-router';
import { aboveFrontier, tradeoffFrontier } from '../../src/core/analysis/tradeoff';
import type { WeightDistributionResult } from '../../src/core/analysis/weight-distribution';
import { robustnessCost } from '../../src/core/lessons/robustness-cost';
import { LessonSession, type StepOutcome, lookForOf, mean, median, resultOf } from './lesson-steps';

const lookFor = (id: string) => lookForOf(robustnessCost, id);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

describe('lesson "Why does robustness cost accuracy?": the quoted numbers are the computed ones', () => {
  const session = new LessonSession(robustnessCost);
  let steps: Record<string, StepOutcome> = {};
  beforeAll(async () => {
    steps = await session.all();
  }, 600_000);
  afterAll(() => session.dispose());

  it('1: PGD-AT has smaller, more concentrated first-layer filters, and pays in clean accuracy', () => {
    const s = steps['filters-shrink'];
    const first = (label: string) =>
      resultOf<WeightDistributionResult>(s.run(label), 'weight-distribution').layers[0];
    const st = first('Standard');
    const at = first('PGD-AT');
    expect(at.name).toBe(st.name);
    expect(median(at.filterL1)).toBeLessThan(median(st.filterL1));
    expect(mean(at.filterL1)).toBeLessThan(mean(st.filterL1));
    expect(at.std).toBeLessThan(st.std);
    const text = lookFor('filters-shrink');
    expect(text).toContain(`about ${mean(at.filterL1).toFixed(2)} against ${mean(st.filterL1).toFixed(2)}`);
    expect(text).toContain(`std ${at.std.toFixed(2)} against ${st.std.toFixed(2)}`);
    const row = (label: string) => s.rows.find((r) => r.label === label)!;
    const [stRow, atRow] = [row('Standard'), row('PGD-AT')];
    expect(atRow.cleanTestAcc!).toBeLessThan(stRow.cleanTestAcc!);
    expect(atRow.robustTestAcc!).toBeGreaterThan(stRow.robustTestAcc!);
    expect(text).toContain(`${pct(atRow.cleanTestAcc!)} against ${pct(stRow.cleanTestAcc!)}`);
    expect(text).toContain(`${pct(atRow.robustTestAcc!)} against ${pct(stRow.robustTestAcc!)}`);
  });

  it('2: AW-Net lands at or below TRADES and below the static line; its router detects but does not shape', () => {
    const statics = steps['filters-shrink'].rows.map((r) => ({
      clean: r.cleanTestAcc!,
      robust: r.robustTestAcc!,
    }));
    const [trades] = steps['filters-shrink'].rows.filter((r) => r.label === 'TRADES');
    const [aw] = steps.awnet.rows;
    const point = { clean: aw.cleanTestAcc!, robust: aw.robustTestAcc! };
    expect(point.clean).toBeLessThanOrEqual(trades.cleanTestAcc!);
    expect(point.robust).toBeLessThanOrEqual(trades.robustTestAcc!);
    const margin = aboveFrontier(point, tradeoffFrontier(statics))!;
    expect(margin).toBeLessThan(0);
    const text = lookFor('awnet');
    expect(text).toContain(`about ${pct(point.clean)} clean and ${pct(point.robust)} robust`);
    expect(text).toContain(`(${pct(trades.cleanTestAcc!)}, ${pct(trades.robustTestAcc!)})`);
    expect(text).toContain(`${(100 * margin).toFixed(1)} pts clean against the static models' line`);
    const router = resultOf<RouterResult>(steps.awnet.runs[0], 'awnet-router');
    expect(router.auc).toBeGreaterThan(0.5);
    expect(text).toContain(`AUC about ${router.auc.toFixed(2)}`);
    expect(router.accuracy.routerIgnored).toBe(router.accuracy.adaptive);
    expect(text).toContain(`(${pct(router.accuracy.adaptive)} robust either way)`);
  });
});
