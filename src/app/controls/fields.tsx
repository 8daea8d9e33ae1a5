import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { readableCitations } from '../docs/pages';

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

/**
 * A number input that applies its value when it is valid and the user pauses, presses Enter or leaves the
 * field; out-of-range or malformed input is shown as invalid and never applied.
 */
export function NumberField(p: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(p.value));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setText(String(p.value)), [p.value]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const parsed = text.trim() === '' ? NaN : Number(text);
  const problem = !Number.isFinite(parsed)
    ? 'not a number'
    : parsed < p.min || parsed > p.max
      ? `between ${p.min} and ${p.max}`
      : p.integer && !Number.isInteger(parsed)
        ? 'a whole number'
        : null;

  const commit = (t = text) => {
    if (timer.current) clearTimeout(timer.current);
    const v = Number(t);
    const ok =
      t.trim() !== '' &&
      Number.isFinite(v) &&
      v >= p.min &&
      v <= p.max &&
      (!p.integer || Number.isInteger(v));
    if (ok && v !== p.value) p.onCommit(v);
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
        aria-describedby={problem ? `${id}-problem` : undefined}
        data-testid={p.testId}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(t), COMMIT_AFTER_MS);
        }}
        onBlur={() => commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {problem && (
        <span className="field-problem" id={`${id}-problem`}>
          {problem}
        </span>
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
