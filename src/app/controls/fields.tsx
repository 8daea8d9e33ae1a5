import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { readDecimal, repairSentence } from '../../core/config-messages';
import { readableCitations } from '../docs/pages';
import { useFieldProblem } from './field-problems';

/** How long typing pauses before a valid number is applied (each change starts a new run). */
const COMMIT_AFTER_MS = 700;

export interface NumberFieldProps {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  onCommit(value: number): void;
  testId?: string;
  hint?: string;
  disabled?: boolean;
}

/** The nearest value a field allows: clamped into [min, max], rounded when it takes whole numbers. */
export function nearestAllowed(v: number, min: number, max: number, integer = false): number {
  const clamped = Math.min(max, Math.max(min, v));
  return integer ? Math.min(max, Math.max(min, Math.round(clamped))) : clamped;
}

/**
 * A number input that applies its value when it is valid and the user pauses, presses Enter or leaves the
 * field. A number outside the range (or a fraction where a whole number goes) is shown red while typing;
 * on Enter or leaving the field it is set to the nearest allowed value and the field says so, as a link
 * would (field-problems.tsx). Text that is not a number stays red and blocks Play until it is fixed.
 */
export function NumberField(p: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(p.value));
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setText(String(p.value)), [p.value]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const parsed = readDecimal(text);
  // A switched-off field (e.g. a setting left to its method's rule) holds no value to correct.
  const problem = p.disabled
    ? null
    : !Number.isFinite(parsed)
      ? 'not a number'
      : parsed < p.min || parsed > p.max
        ? `between ${p.min} and ${p.max}`
        : p.integer && !Number.isInteger(parsed)
          ? 'a whole number'
          : null;
  const label = typeof p.label === 'string' ? p.label : (p.testId ?? 'A field');
  // While the field holds anything but an allowed value, Play waits (and says why).
  useFieldProblem(
    id,
    !problem
      ? null
      : !Number.isFinite(parsed)
        ? `${label}: ${text.trim() ? `“${text.trim().slice(0, 20)}”` : 'empty'} is not a number`
        : `${label}: ${parsed} is not allowed (${problem}); press Enter to use the nearest allowed value`,
  );

  const valid = (v: number) =>
    Number.isFinite(v) && v >= p.min && v <= p.max && (!p.integer || Number.isInteger(v));
  /** Applies what was typed; `repair`: an out-of-range number becomes the nearest allowed one (Enter, leaving). */
  const commit = (t: string, repair: boolean) => {
    if (timer.current) clearTimeout(timer.current);
    const v = readDecimal(t);
    if (!Number.isFinite(v)) return;
    if (!valid(v)) {
      if (!repair) return;
      const near = nearestAllowed(v, p.min, p.max, p.integer);
      const kind = near !== Math.min(p.max, Math.max(p.min, v)) ? 'whole' : 'range';
      setNote(repairSentence(label, v, near, kind));
      setText(String(near));
      if (near !== p.value) p.onCommit(near);
      return;
    }
    if (v !== p.value) p.onCommit(v);
  };

  return (
    <label className="field" htmlFor={id} title={readableCitations(p.hint)}>
      <span className="field-label">{p.label}</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        min={p.min}
        max={p.max}
        step={p.step ?? (p.integer ? 1 : 'any')}
        disabled={p.disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem || note ? `${id}-problem` : undefined}
        data-testid={p.testId}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          setNote(null);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(t, false), COMMIT_AFTER_MS);
        }}
        onBlur={() => commit(text, true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text, true);
        }}
      />
      {problem ? (
        <span className="field-problem" id={`${id}-problem`}>
          {problem}
        </span>
      ) : (
        note && (
          <span className="field-note" id={`${id}-problem`} role="status" data-testid="field-note">
            {note}
          </span>
        )
      )}
    </label>
  );
}

export function SelectField<T extends string>(p: {
  label: ReactNode;
  value: T;
  options: readonly { value: T; label: string; title?: string }[];
  onChange(value: T): void;
  testId?: string;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <label className="field" htmlFor={id} title={readableCitations(p.hint)}>
      <span className="field-label">{p.label}</span>
      <select
        id={id}
        value={p.value}
        disabled={p.disabled}
        data-testid={p.testId}
        onChange={(e) => p.onChange(e.target.value as T)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} title={readableCitations(o.title)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
