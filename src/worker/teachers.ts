/**
 * AW-Net training from the lab's kept runs: the current run distils from two earlier runs of this page (MTARD,
 * docs/methods/awnet.md), a clean and an adversarially trained one.
 */
import { KEPT_RUNS, type Lab } from '../core/lab/lab';
import { type TeacherRun, attachTeacherRuns } from '../core/train/mtard-teachers';
import type { Runner } from '../core/train/runner';
import type { Session } from './session';

/** Attaches the teachers (null: detaches them); [] when done, else the reasons in sentences. */
export function attachTeachers(
  lab: Lab,
  s: Session,
  runner: Runner,
  teachers: { natural: number; adversarial: number } | null,
): string[] {
  s.detachTeachers?.();
  s.detachTeachers = null;
  if (!teachers) return [];
  const run = (id: number): TeacherRun | string => {
    if (id === s.runId) return `Run ${id} is the student itself; pick two earlier runs.`;
    const r = lab.record(id);
    return r
      ? { name: `run ${id}`, config: r.config, params: r.params }
      : `Run ${id} is no longer kept by the engine (it keeps the last ${KEPT_RUNS} runs).`;
  };
  const [natural, adversarial] = [run(teachers.natural), run(teachers.adversarial)];
  if (typeof natural === 'string' || typeof adversarial === 'string')
    return [natural, adversarial].filter((r): r is string => typeof r === 'string');
  const attached = attachTeacherRuns(runner.trainer, natural, adversarial);
  if (!attached.ok) return attached.errors;
  s.detachTeachers = attached.detach;
  return [];
}
