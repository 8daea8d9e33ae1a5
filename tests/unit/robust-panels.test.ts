/**
 * The robustness and corruption panels against the engine: the settings each panel sends are accepted by its
 * analysis unchanged.
 */
import { describe, expect, it } from 'vitest';
import { adversarialExamples } from '../../src/core/analysis/adversarial-examples';
import { corruptionLayers } from '../../src/core/analysis/corruption/layers';
import { corruptionSweep } from '../../src/core/analysis/corruption/sweep';
import { corruptionTrajectory } from '../../src/core/analysis/corruption/trajectory';
import { type ExperimentConfig, defaultConfig } from '../../src/core/config';
import { defaultChoice, examplesSettings } from '../../src/app/panels/attack-controls';
import { parseIntList } from '../../src/app/panels/corruption-common';
import { DEFAULT_LAYERS_FORM, layersSettings } from '../../src/app/panels/CorruptionLayersPanel';
import { DEFAULT_SWEEP_FORM, sweepSettings } from '../../src/app/panels/CorruptionSweepPanel';
import { DEFAULT_TRAJECTORY_FORM } from '../../src/app/panels/CorruptionTrajectoryPanel';

const withMethod = (
  method: ExperimentConfig['training']['method'],
  attack: Partial<ExperimentConfig['attack']> = {},
): ExperimentConfig => {
  const c = defaultConfig();
  return { ...c, training: { ...c.training, method }, attack: { ...c.attack, ...attack } };
};

describe('attack picker of the adversarial-example panels', () => {
  it('sends settings the adversarial-examples analysis accepts unchanged', () => {
    const choice = defaultChoice(withMethod('pgd-at'), 64);
    const sent = examplesSettings(choice);
    const parsed = adversarialExamples.parseSettings(sent);
    expect(parsed).toMatchObject(sent);
    expect(parsed.attack).toBe('pgd-linf');
    expect(parsed.epsilon).toBe(0.2);
  });
});

describe('corruption panel settings', () => {
  it('parses lists of steps', () => {
    expect(parseIntList('1, 3, 10', 1, 100, 6)).toEqual([1, 3, 10]);
    expect(parseIntList('1 3;10', 1, 100, 6)).toEqual([1, 3, 10]);
    expect(parseIntList('1, 0', 1, 100, 6)).toBeNull();
    expect(parseIntList('1.5', 1, 100, 6)).toBeNull();
    expect(parseIntList('1,2,3,4,5,6,7', 1, 100, 6)).toBeNull();
  });

  it('ε-sweep: both norms, N trials and the K list reach the analysis as given', () => {
    for (const l2Mode of ['relative', 'absolute'] as const) {
      const sent = sweepSettings({ ...DEFAULT_SWEEP_FORM, l2Mode, trials: 4 }, false)!;
      const parsed = corruptionSweep.parseSettings(sent);
      expect(parsed).toMatchObject(sent);
      expect(parsed.grids.map((g) => `${g.norm}/${g.mode}`)).toEqual([`l2/${l2Mode}`, 'linf/absolute']);
      expect(parsed.multiSteps).toEqual([1, 3, 10]);
    }
    expect(sweepSettings({ ...DEFAULT_SWEEP_FORM, steps: 'three' }, false)).toBeNull();
  });

  it('per-layer: one group per tensor, the form values unchanged', () => {
    const sent = layersSettings({ ...DEFAULT_LAYERS_FORM, steps: 3 }, false);
    expect(corruptionLayers.parseSettings(sent)).toMatchObject(sent);
    expect(corruptionLayers.parseSettings(sent).grouping).toBe('tensor');
  });

  it('trajectory: the form is valid analysis settings', () => {
    expect(corruptionTrajectory.parseSettings(DEFAULT_TRAJECTORY_FORM)).toMatchObject(
      DEFAULT_TRAJECTORY_FORM,
    );
  });
});
