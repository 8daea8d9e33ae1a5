/**
 * The attack picker of the adversarial-example panels (moons arrows, MNIST triptychs): which attack, its ε and
 * steps, how many examples. The settings go to the `adversarial-examples` analysis (docs/methods/attacks.md).
 */
import { DocLink } from '../docs/DocLink';
import type { DocRef } from '../docs/pages';
import { ATTACK_IDS, type AttackId } from '../../core/attacks/attack-ids';
import type { ExperimentConfig } from '../../core/config';
import type { ExamplesResult } from '../../core/analysis/adversarial-examples';
import type { AnalysisRecord } from '../../core/events';
import { NumberField, SelectField } from '../controls/fields';
import type { RunView } from '../store/runs';
import type { LabActions } from './types';
import { AnalysisBar, type AnalysisState, useAnalysis, usePerRun } from './use-analysis';

/**
 * Menu names and which settings each attack reads. The engine's attack registry has the same facts, but it
 * imports tfjs, which must stay out of the UI bundle.
 */
export const ATTACK_MENU: Record<AttackId, { label: string; steps: boolean; title: string; doc: DocRef }> = {
  fgsm: {
    label: 'FGSM',
    steps: false,
    title: 'One signed-gradient step of size ε',
    doc: { page: 'attacks', anchor: 'fgsm' },
  },
  'fgsm-rs': {
    label: 'FGSM + random start',
    steps: false,
    title: 'Uniform random start, one signed step of 1.25ε',
    doc: { page: 'attacks', anchor: 'fgsm-with-a-random-start' },
  },
  'pgd-linf': {
    label: 'PGD (L∞)',
    steps: true,
    title: 'K projected signed steps, L∞ ball',
    doc: { page: 'attacks', anchor: 'pgd-l-inf' },
  },
  'pgd-l2': {
    label: 'PGD (L2)',
    steps: true,
    title: 'K projected normalised steps, L2 ball',
    doc: { page: 'attacks', anchor: 'pgd-l2' },
  },
  trades: {
    label: 'TRADES (KL)',
    steps: true,
    title: "TRADES' inner KL maximisation",
    doc: { page: 'attacks', anchor: 'trades' },
  },
};

/** The attack a run trains against (or, for methods without one, the one its `attack` section names). */
export function trainingAttack(config: ExperimentConfig): AttackId {
  const pgd: AttackId = config.attack.norm === 'l2' ? 'pgd-l2' : 'pgd-linf';
  const method = config.training.method;
  if (method === 'fgsm-at') return 'fgsm';
  if (method === 'fast-at') return 'fgsm-rs';
  if (method === 'trades' || method === 'awp-trades') return 'trades';
  if (method === 'pgd-at') return pgd;
  if (method === 'at-lr') {
    const base = config.atlr.base;
    return base === 'fast' ? 'fgsm-rs' : base === 'pgd' ? pgd : base;
  }
  return config.attack.kind === 'pgd' ? pgd : config.attack.kind;
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

/** Whether a result was computed with this choice (so the panel shows the matching one). */
export const resultMatches = (r: ExamplesResult, c: AttackChoice) =>
  r.attack === c.attack && r.epsilon === c.epsilon && (!ATTACK_MENU[c.attack].steps || r.steps === c.steps);

export function AttackControls(props: {
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
          label: ATTACK_MENU[id].label,
          title: ATTACK_MENU[id].title,
        }))}
        onChange={(attack) => set({ attack })}
        testId={`${testId}-attack`}
        hint={ATTACK_MENU[c.attack].title}
      />
      <span className="field-doc">
        <DocLink to={ATTACK_MENU[c.attack].doc} />
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
        disabled={!ATTACK_MENU[c.attack].steps}
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
