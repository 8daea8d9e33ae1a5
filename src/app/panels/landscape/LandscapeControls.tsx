/**
 * The landscape panels' controls: resolution, which split, "compute now", recording every k epochs
 * (a config change, so it restarts training), and the shared direction / evaluation / robust settings.
 */
import { readableCitations } from '../../docs/pages';
import { useState } from 'react';
import {
  DIRECTION_NORMALIZATIONS,
  type DirectionNormalization,
  type LandscapeKind,
  type LandscapeSplit,
} from '../../../core/analysis/landscape-options';
import { NumberField, SelectField } from '../../controls/fields';
import type { RunView } from '../../store/runs';
import type { LabActions } from '../types';
import type { Computation } from './hooks';
import { type LandscapeUiSettings, recordingConfig } from './settings';

const RESOLUTIONS: Record<LandscapeKind, number[]> = {
  '1d': [21, 51, 101, 201, 401],
  '2d': [11, 25, 41, 51],
};

const NORMALIZATION_HELP: Record<DirectionNormalization, string> = {
  filter: 'each filter of d gets the norm of the same filter of θ (Li et al.; the default)',
  layer: 'each tensor of d gets the norm of the same tensor of θ',
  weight: 'd ⊙ θ: each weight moves in proportion to its size',
  dfilter: 'each filter of d has unit norm',
  dlayer: 'each tensor of d has unit norm',
};

type SplitChoice = 'train' | 'test' | 'both';
const splitChoice = (splits: LandscapeSplit[]): SplitChoice =>
  splits.length === 2 ? 'both' : (splits[0] ?? 'train');
const splitsOf = (c: SplitChoice): LandscapeSplit[] => (c === 'both' ? ['train', 'test'] : [c]);

export function LandscapeControls(props: {
  kind: LandscapeKind;
  run: RunView;
  actions: LabActions;
  settings: LandscapeUiSettings;
  update(patch: Partial<LandscapeUiSettings>): void;
  computation: Computation;
  onCompute(): void;
  /** Fraction done of the computation in progress, if any. */
  fraction: number | null;
}) {
  const { kind, run, actions, settings: s, update, computation, onCompute, fraction } = props;
  const prefix = `landscape${kind}`;
  const resolution = kind === '1d' ? s.resolution1d : s.resolution2d;
  const splits = kind === '1d' ? s.splits1d : s.splits2d;
  const recording = run.config.landscape.kind === kind ? run.config.landscape.every : 0;
  const [every, setEvery] = useState(Math.max(1, recording || 1));
  const points = kind === '1d' ? resolution : resolution * resolution;
  return (
    <div className="landscape-controls">
      <div className="landscape-row">
        <SelectField
          label={kind === '1d' ? 'Points' : 'Grid'}
          value={String(resolution)}
          options={RESOLUTIONS[kind].map((n) => ({
            value: String(n),
            label: kind === '1d' ? `${n}` : `${n}×${n}`,
          }))}
          onChange={(v) => update(kind === '1d' ? { resolution1d: Number(v) } : { resolution2d: Number(v) })}
          testId={`${prefix}-resolution`}
          hint="Points per axis; a coarse subgrid is drawn first and refined in place"
        />
        <SelectField<SplitChoice>
          label="Data"
          value={splitChoice(splits)}
          options={[
            { value: 'train', label: 'train' },
            { value: 'test', label: 'test' },
            { value: 'both', label: 'train and test' },
          ]}
          onChange={(c) => update(kind === '1d' ? { splits1d: splitsOf(c) } : { splits2d: splitsOf(c) })}
          testId={`${prefix}-splits`}
          hint="Which examples the loss is averaged over (a fixed subset of each)"
        />
        <button
          type="button"
          onClick={onCompute}
          disabled={!computation.ready || computation.busy}
          data-testid={`${prefix}-compute`}
          title={
            computation.ready
              ? `Compute the landscape of the current model now (${points.toLocaleString('en')} points${s.robust ? ', PGD at every point' : ''})`
              : 'Pause training first: the landscape is taken at fixed weights'
          }
        >
          {computation.busy ? 'Computing…' : 'Compute now'}
        </button>
        {fraction !== null && (
          <progress
            className="landscape-progress"
            max={1}
            value={fraction}
            aria-label="Landscape computation progress"
            data-testid={`${prefix}-progress`}
          />
        )}
      </div>
      <div className="landscape-row">
        <NumberField
          label="Record every"
          value={every}
          min={1}
          max={1000}
          integer
          onCommit={setEvery}
          testId={`${prefix}-every`}
          hint="Epochs between two recorded landscapes"
        />
        <button
          type="button"
          className="small"
          onClick={() => actions.restartWith((c) => recordingConfig(c, s, kind, every))}
          data-testid={`${prefix}-record`}
          title="Computes this landscape after every k-th epoch while training, for the animation (restarts the run with these settings; one kind, 1-D or 2-D, is recorded at a time)"
        >
          Record while training (restarts)
        </button>
        {recording > 0 && (
          <span className="landscape-note">
            recording every {recording} epoch{recording === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <details className="landscape-settings">
        <summary>Directions, data and robust option</summary>
        <div className="group-fields">
          <SelectField<DirectionNormalization>
            label="Normalisation"
            value={s.normalization}
            options={DIRECTION_NORMALIZATIONS.map((n) => ({
              value: n,
              label: n,
              title: NORMALIZATION_HELP[n],
            }))}
            onChange={(normalization) => update({ normalization })}
            testId={`${prefix}-normalization`}
            hint={NORMALIZATION_HELP[s.normalization]}
          />
          <label
            className="field checkbox-field"
            title="Off: biases stay fixed (the papers' choice). On: d = θ on them."
          >
            <span className="field-label">Move biases</span>
            <input
              type="checkbox"
              checked={s.includeBiases}
              onChange={(e) => update({ includeBiases: e.target.checked })}
              data-testid={`${prefix}-biases`}
            />
          </label>
          <NumberField
            label="Range ±"
            value={s.span}
            min={0.05}
            max={10}
            step={0.25}
            onCommit={(span) => update({ span })}
            testId={`${prefix}-span`}
            hint="α (and β) run from −range to +range"
          />
          <NumberField
            label="Examples"
            value={s.subset}
            min={10}
            max={10000}
            integer
            onCommit={(subset) => update({ subset })}
            testId={`${prefix}-subset`}
            hint="Fixed subset of each split the loss is averaged over (the whole split if smaller)"
          />
          <NumberField
            label="Direction seed"
            value={s.directionSeed}
            min={0}
            max={2147483647}
            integer
            onCommit={(directionSeed) => update({ directionSeed })}
            testId={`${prefix}-direction-seed`}
            hint="0 = the run's seed. Two runs with the same direction seed are drawn on the same axes."
          />
          <NumberField
            label="Sharpness radius r"
            value={s.radius}
            min={0.01}
            max={10}
            step={0.1}
            onCommit={(radius) => update({ radius })}
            testId={`${prefix}-radius`}
            hint="The largest loss rise within this distance of the model is shown beside the picture"
          />
          <label
            className="field checkbox-field"
            title={readableCitations(
              'The loss at each point is the loss under a PGD attack re-run against that perturbed model (docs/methods/awp.md#robust-landscape). Much slower.',
            )}
          >
            <span className="field-label">Robust (PGD at each point)</span>
            <input
              type="checkbox"
              checked={s.robust}
              onChange={(e) => update({ robust: e.target.checked })}
              data-testid={`${prefix}-robust`}
            />
          </label>
          {s.robust && (
            <>
              <div className="schema-field">
                <NumberField
                  label="ε"
                  value={s.robustEpsilon ?? run.config.attack.epsilon}
                  min={0}
                  max={10}
                  step={0.01}
                  onCommit={(robustEpsilon) => update({ robustEpsilon })}
                  testId={`${prefix}-robust-epsilon`}
                  hint={`${s.robustAttack === 'pgd-l2' ? 'L2' : 'L∞'} budget of the PGD attack (the run's attack norm)`}
                  disabled={s.robustEpsilon === null}
                />
                <label className="auto-toggle" title="Use the run's attack ε">
                  <input
                    type="checkbox"
                    checked={s.robustEpsilon === null}
                    onChange={(e) =>
                      update({ robustEpsilon: e.target.checked ? null : run.config.attack.epsilon })
                    }
                  />
                  run&apos;s
                </label>
              </div>
              <NumberField
                label="PGD steps"
                value={s.robustSteps}
                min={1}
                max={200}
                integer
                onCommit={(robustSteps) => update({ robustSteps })}
                testId={`${prefix}-robust-steps`}
              />
              <NumberField
                label="Attacked examples"
                value={s.robustSize}
                min={10}
                max={10000}
                integer
                onCommit={(robustSize) => update({ robustSize })}
                testId={`${prefix}-robust-size`}
                hint="A small fixed subset: the attack runs at every point of the grid"
              />
            </>
          )}
        </div>
        <p className="landscape-note">
          Shared by the 1-D and 2-D landscapes: with the same seed the curve&apos;s direction is the
          surface&apos;s first axis. Recording while training uses the clean loss.
        </p>
      </details>
    </div>
  );
}
