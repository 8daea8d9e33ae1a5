/** The budget controls the single-budget corruption panels share (docs/methods/corruption.md, docs/methods/corruption.md): norm, budget mode and its value. */
import type { Norm } from '../../core/analysis/corruption/kinds';
import { NumberField } from '../controls/fields';
import { Choice } from './use-analysis';

type Mode = 'relative' | 'absolute';

interface Budget {
  norm: Norm;
  mode: Mode;
  value: number;
}

/** Norm, budget mode (relative ρ or absolute ε) and the value; test ids are `<prefix>-norm`, `-mode`, `-value`. */
export function BudgetFields(props: {
  prefix: string;
  runId: number;
  budget: Budget;
  /** The relative mode's option: its label and title differ per panel (ρ·‖θ‖ or ρ·‖θ_G‖). */
  relative: { label: string; title?: string };
  absoluteTitle?: string;
  onChange(patch: Partial<Budget>): void;
}) {
  const { prefix, runId, budget, onChange } = props;
  return (
    <>
      <Choice<Norm>
        label="Norm"
        name={`${prefix}-norm-${runId}`}
        value={budget.norm}
        options={[
          { value: 'l2', label: 'L2' },
          { value: 'linf', label: 'L∞' },
        ]}
        onChange={(norm) => onChange({ norm })}
        testId={`${prefix}-norm`}
      />
      <Choice<Mode>
        label="Budget"
        name={`${prefix}-mode-${runId}`}
        value={budget.mode}
        options={[
          { value: 'relative', ...props.relative },
          { value: 'absolute', label: 'absolute ε', title: props.absoluteTitle },
        ]}
        onChange={(mode) => onChange({ mode })}
        testId={`${prefix}-mode`}
      />
      <NumberField
        label={budget.mode === 'absolute' ? 'ε' : 'ρ'}
        value={budget.value}
        min={0}
        max={budget.mode === 'absolute' ? 1000 : 10}
        step="any"
        onCommit={(value) => onChange({ value })}
        testId={`${prefix}-value`}
      />
    </>
  );
}
