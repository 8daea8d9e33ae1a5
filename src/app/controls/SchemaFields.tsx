/**
 * Controls generated from the config schema: every section that has no hand-made controls (attack, TRADES,
 * robust evaluation, corruption defences, and whatever later issues add) gets number / choice / switch
 * fields with the schema's own ranges and help texts, so a new config section needs no UI code.
 */
import { readableCitations } from '../docs/pages';
import { z } from 'zod';
import { useState, type ReactNode } from 'react';
import { humanize } from '../../core/config-messages';
import { useFieldProblem } from './field-problems';
import { NumberField, SelectField } from './fields';

type Field =
  | { kind: 'number'; min: number; max: number; integer: boolean; nullable: boolean }
  | { kind: 'enum'; options: string[] }
  | { kind: 'boolean' }
  | { kind: 'enumList'; options: string[]; min: number; max: number }
  /** Free text: a list of numbers ("1, 2, 3") and/or fixed words (a union such as 'mvl' | number[]). */
  | { kind: 'text'; words: string[]; numberList: boolean; integer: boolean }
  | { kind: 'other' };

/** What a field schema is, under its default/optional/nullable wrappers. */
export function describeField(schema: z.ZodType): { field: Field; description?: string } {
  let s: z.ZodType = schema;
  let description = s.description;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodNullable) {
      nullable = true;
      s = s.unwrap() as z.ZodType;
    } else break;
    description ??= s.description;
  }
  if (s instanceof z.ZodNumber)
    return {
      description,
      field: {
        kind: 'number',
        min: s.minValue ?? -1e9,
        max: s.maxValue ?? 1e9,
        integer: s.isInt ?? false,
        nullable,
      },
    };
  if (s instanceof z.ZodEnum) return { description, field: { kind: 'enum', options: s.options.map(String) } };
  if (s instanceof z.ZodBoolean) return { description, field: { kind: 'boolean' } };
  const numberList = (t: z.ZodType) =>
    t instanceof z.ZodArray && t.element instanceof z.ZodNumber
      ? { integer: t.element.isInt ?? false }
      : null;
  if (numberList(s))
    return { description, field: { kind: 'text', words: [], numberList: true, ...numberList(s)! } };
  if (s instanceof z.ZodUnion) {
    const options = s.options as z.ZodType[];
    const words = options.flatMap((o) => (o instanceof z.ZodLiteral ? [...o.values].map(String) : []));
    const lists = options.map(numberList).filter(Boolean);
    if (words.length + lists.length === options.length)
      return {
        description,
        field: { kind: 'text', words, numberList: lists.length > 0, integer: lists.some((l) => l!.integer) },
      };
  }
  if (s instanceof z.ZodArray && s.element instanceof z.ZodEnum) {
    // Length limits are the array's min_length / max_length checks.
    const checks = s.def.checks ?? [];
    const min = checks.find((c) => c instanceof z.core.$ZodCheckMinLength);
    const max = checks.find((c) => c instanceof z.core.$ZodCheckMaxLength);
    return {
      description,
      field: {
        kind: 'enumList',
        options: s.element.options.map(String),
        min: min?._zod.def.minimum ?? 0,
        max: max?._zod.def.maximum ?? Infinity,
      },
    };
  }
  return { description, field: { kind: 'other' } };
}

/** The object schema of a config section (under its default). */
export function sectionShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : null;
}

type Values = Record<string, unknown>;

export function SectionFields({
  section,
  schema,
  value,
  onChange,
}: {
  section: string;
  schema: z.ZodType;
  value: Values;
  onChange(next: Values): void;
}) {
  const shape = sectionShape(schema);
  if (!shape) return null;
  const fields: ReactNode[] = [];
  for (const [key, fieldSchema] of Object.entries(shape)) {
    const { field, description: help } = describeField(fieldSchema);
    const description = readableCitations(help);
    const id = `${section}-${key}`;
    const label = humanize(key);
    const set = (v: unknown) => onChange({ ...value, [key]: v });
    const current = value[key];
    if (field.kind === 'number') {
      const isAuto = field.nullable && current === null;
      fields.push(
        <div key={key} className="schema-field">
          <NumberField
            label={label}
            value={typeof current === 'number' ? current : 0}
            min={field.min}
            max={field.max}
            integer={field.integer}
            step={field.integer ? 1 : 'any'}
            onCommit={set}
            testId={`cfg-${id}`}
            hint={description}
            disabled={isAuto}
          />
          {field.nullable && (
            <label className="auto-toggle" title="Use the method's own rule for this value">
              <input
                type="checkbox"
                checked={isAuto}
                data-testid={`cfg-${id}-auto`}
                onChange={(e) =>
                  set(e.target.checked ? null : Math.min(field.max, Math.max(field.min, 0.01)))
                }
              />
              auto
            </label>
          )}
        </div>,
      );
    } else if (field.kind === 'enum')
      fields.push(
        <SelectField
          key={key}
          label={label}
          value={String(current)}
          options={field.options.map((o) => ({ value: o, label: o }))}
          onChange={set}
          testId={`cfg-${id}`}
          hint={description}
        />,
      );
    else if (field.kind === 'text')
      fields.push(
        <TextValueField
          key={key}
          label={label}
          value={current}
          words={field.words}
          numberList={field.numberList}
          integer={field.integer}
          onCommit={set}
          testId={`cfg-${id}`}
          hint={description}
        />,
      );
    else if (field.kind === 'enumList') {
      const chosen = Array.isArray(current) ? (current as string[]) : [];
      fields.push(
        <fieldset key={key} className="field enum-list" title={description}>
          <legend className="field-label">{label}</legend>
          {field.options.map((o) => {
            const on = chosen.includes(o);
            const next = on
              ? chosen.filter((c) => c !== o)
              : field.options.filter((x) => x === o || chosen.includes(x));
            return (
              <label key={o}>
                <input
                  type="checkbox"
                  checked={on}
                  disabled={next.length < field.min || next.length > field.max}
                  onChange={() => set(next)}
                  data-testid={`cfg-${id}-${o}`}
                />
                {o}
              </label>
            );
          })}
        </fieldset>,
      );
    } else if (field.kind === 'boolean')
      fields.push(
        <label key={key} className="field checkbox-field" title={description}>
          <span className="field-label">{label}</span>
          <input
            type="checkbox"
            checked={current === true}
            onChange={(e) => set(e.target.checked)}
            data-testid={`cfg-${id}`}
          />
        </label>,
      );
  }
  return <div className="group-fields">{fields}</div>;
}

/** A word (e.g. "mvl") or a list of numbers, typed as text; applied on Enter or leaving the field. */
function TextValueField(p: {
  label: string;
  value: unknown;
  words: string[];
  numberList: boolean;
  integer: boolean;
  onCommit(v: unknown): void;
  testId: string;
  hint?: string;
}) {
  const format = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
  const [text, setText] = useState(format(p.value));
  const [shown, setShown] = useState(p.value);
  if (shown !== p.value) {
    setShown(p.value);
    setText(format(p.value));
  }
  const parse = (t: string): { ok: true; value: unknown } | { ok: false } => {
    const word = t.trim();
    if (p.words.includes(word)) return { ok: true, value: word };
    if (!p.numberList) return { ok: false };
    const parts =
      word === ''
        ? []
        : word
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(Number);
    return parts.every((n) => Number.isFinite(n) && (!p.integer || Number.isInteger(n)))
      ? { ok: true, value: parts }
      : { ok: false };
  };
  const parsed = parse(text);
  const commit = () => {
    if (parsed.ok && format(parsed.value) !== format(p.value)) p.onCommit(parsed.value);
  };
  const expected = [...p.words.map((w) => `"${w}"`), ...(p.numberList ? ['numbers, e.g. 1, 2'] : [])].join(
    ' or ',
  );
  useFieldProblem(
    p.testId,
    parsed.ok ? null : `${p.label}: “${text.trim().slice(0, 20)}” is not ${expected}`,
  );
  return (
    <label className="field" title={p.hint}>
      <span className="field-label">{p.label}</span>
      <input
        type="text"
        value={text}
        aria-invalid={parsed.ok ? undefined : true}
        data-testid={p.testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {!parsed.ok && <span className="field-problem">{expected}</span>}
    </label>
  );
}
