/**
 * The attack picker of the adversarial-example panels (moons arrows, MNIST triptychs): which attack, its ε and
 * steps, how many examples. The settings go to the `adversarial-examples` analysis (docs/methods/attacks.md).
 */
import { DocLink } from '../docs/DocLink';
import { ATTACK_IDS, type AttackId, configuredAttackId } from '../../core/attacks/attack-ids';
import { ATTACK_CARDS } from '../../core/attacks/cards';
import { METHOD_CARD } from '../../core/train/cards';
import type { ExperimentConfig } from '../../core/config';
import type { ExamplesResult } from '../../core/analysis/adversarial-examples';
import type { AnalysisRecord } from '../../core/events';
import { NumberField, SelectField } from '../controls/fields';
import type { RunView } from '../store/runs';
import type { LabActions } from './types';
import { AnalysisBar, type AnalysisState, useAnalysis, usePerRun } from './use-analysis';

/** The attack a run trains against (its method's card), or for methods without one the `attack` section's. */
function trainingAttack(config: ExperimentConfig): AttackId {
  return METHOD_CARD[config.training.method].trainsAgainst?.(config) ?? configuredAttackId(config.attack);
}

export interface AttackChoice {
  attack: AttackId;
  epsilon: number;
  steps: number;
  count: number;
}

export function defaultChoice(config: ExperimentConfig, count: number): AttackChoice {
  return {
    attack: trainingAttack(config),
    epsilon: config.attack.epsilon,
    steps: config.attack.steps,
    count,
  };
}

/** Settings of the `adversarial-examples` analysis for a choice (step size: the attack's own rule). */
export const examplesSettings = (c: AttackChoice) => ({
  attack: c.attack,
  epsilon: c.epsilon,
  steps: c.steps,
  stepSize: null,
  split: 'test',
  count: c.count,
});

function AttackControls(props: {
  value: AttackChoice;
  onChange(next: AttackChoice): void;
  /** Largest ε offered (moons coordinates or MNIST pixels). */
  maxEpsilon: number;
  maxCount: number;
  countLabel: string;
  testId: string;
}) {
  const { value: c, onChange, testId } = props;
  const set = (patch: Partial<AttackChoice>) => onChange({ ...c, ...patch });
  return (
    <div className="panel-controls">
      <SelectField<AttackId>
        label="Attack"
        value={c.attack}
        options={ATTACK_IDS.map((id) => ({
          value: id,
          label: ATTACK_CARDS[id].label,
          title: ATTACK_CARDS[id].title,
        }))}
        onChange={(attack) => set({ attack })}
        testId={`${testId}-attack`}
        hint={ATTACK_CARDS[c.attack].title}
      />
      <span className="field-doc">
        <DocLink to={ATTACK_CARDS[c.attack].docs} />
      </span>
      <NumberField
        label="ε"
        value={c.epsilon}
        min={0}
        max={props.maxEpsilon}
        step="any"
        onCommit={(epsilon) => set({ epsilon })}
        testId={`${testId}-epsilon`}
        hint="Size of the input perturbation (L∞: per coordinate; L2: Euclidean length)"
      />
      <NumberField
        label="Steps K"
        value={c.steps}
        min={1}
        max={200}
        integer
        onCommit={(steps) => set({ steps })}
        testId={`${testId}-steps`}
        hint="Iterations of PGD / TRADES (FGSM takes one step)"
        disabled={!ATTACK_CARDS[c.attack].uses.steps}
      />
      <NumberField
        label={props.countLabel}
        value={c.count}
        min={1}
        max={props.maxCount}
        integer
        onCommit={(count) => set({ count })}
        testId={`${testId}-count`}
        hint="A fixed, seeded subset of the test set"
      />
    </div>
  );
}

/**
 * An adversarial-example panel's attack choice (kept per run, `count` examples at first) and the
 * `adversarial-examples` records it draws: those `accept` keeps (planar points or images).
 */
export function useAttackExamples(
  run: RunView,
  actions: LabActions,
  count: number,
  accept: (record: AnalysisRecord) => boolean,
) {
  const [choice, setChoice] = usePerRun<AttackChoice>(run, () => defaultChoice(run.config, count));
  const state = useAnalysis<ExamplesResult>(run, 'adversarial-examples', actions, accept);
  return { choice, setChoice, state, r: state.latest?.result ?? null };
}

/** The attack picker and the bar that runs it; the bar's test id is `<testId>-run`. */
export function AttackBar(props: {
  run: RunView;
  choice: AttackChoice;
  onChange(next: AttackChoice): void;
  state: AnalysisState<ExamplesResult>;
  maxEpsilon: number;
  maxCount: number;
  countLabel: string;
  /** The run button's label. */
  label: string;
  testId: string;
}) {
  const { run, choice, state, testId } = props;
  return (
    <>
      <AttackControls
        value={choice}
        onChange={props.onChange}
        maxEpsilon={props.maxEpsilon}
        maxCount={props.maxCount}
        countLabel={props.countLabel}
        testId={testId}
      />
      <AnalysisBar
        run={run}
        state={state}
        label={props.label}
        onStart={() => state.start(examplesSettings(choice))}
        testId={`${testId}-run`}
      />
    </>
  );
}
