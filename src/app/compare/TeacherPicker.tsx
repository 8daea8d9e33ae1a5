/**
 * MTARD's teachers for an AW-Net run (docs/methods/awnet.md): a clean and an adversarially trained run, picked
 * from the earlier runs of the page; the engine says in sentences why a pair cannot be used.
 */
import { useId, useState } from 'react';
import type { RunView } from '../store/runs';

export interface Teachers {
  natural: number;
  adversarial: number;
}

export interface TeacherPickerProps {
  /** The earlier runs of the page (the student excluded). */
  runs: readonly RunView[];
  /** The attached teachers, or null. */
  teachers: Teachers | null;
  /** Attaches the pair (null: detaches); resolves to [] when attached, else the reasons. */
  onAttach(teachers: Teachers | null): Promise<string[]>;
}

export function TeacherPicker({ runs, teachers, onAttach }: TeacherPickerProps) {
  const id = useId();
  const [natural, setNatural] = useState(teachers ? String(teachers.natural) : '');
  const [adversarial, setAdversarial] = useState(teachers ? String(teachers.adversarial) : '');
  const [problems, setProblems] = useState<string[]>([]);

  const choose = (which: 'natural' | 'adversarial', value: string) => {
    const next = { natural, adversarial, [which]: value };
    setNatural(next.natural);
    setAdversarial(next.adversarial);
    const pair = next.natural && next.adversarial;
    void onAttach(
      pair ? { natural: Number(next.natural), adversarial: Number(next.adversarial) } : null,
    ).then(setProblems);
  };
  const select = (which: 'natural' | 'adversarial', label: string, value: string) => (
    <label htmlFor={`${id}-${which}`}>
      {label}{' '}
      <select
        id={`${id}-${which}`}
        value={value}
        onChange={(e) => choose(which, e.target.value)}
        data-testid={`teacher-${which}`}
      >
        <option value="">none</option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="teacher-picker" data-testid="teacher-picker">
      <legend>Teachers (MTARD distillation)</legend>
      {select('natural', 'clean teacher', natural)}
      {select('adversarial', 'adversarial teacher', adversarial)}
      <div role="status" data-testid="teacher-status">
        {problems.length > 0 ? (
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          teachers && (
            <p>
              Distilling from{' '}
              {runs.find((r) => r.id === teachers.natural)?.label ?? `run ${teachers.natural}`} (clean) and{' '}
              {runs.find((r) => r.id === teachers.adversarial)?.label ?? `run ${teachers.adversarial}`}{' '}
              (adversarial) from the next epoch.
            </p>
          )
        )}
      </div>
    </fieldset>
  );
}
