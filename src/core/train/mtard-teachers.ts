/**
 * MTARD's two teachers for an AW-Net run (docs/methods/awnet.md#training): finished runs of the session
 * (the app's runs bar) or run bundles (the headless runner), checked for a compatible output and turned into
 * fixed forward passes on the student's data. Their weights are constants: nothing trains them.
 */
import * as tf from '../tf';
import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import { forwardOf } from '../attacks/attack';
import { buildModel } from '../models/registry';
import { isAwnet } from '../models/awnet';
import type { Trainer } from './trainer';
import { attachTeachers, awnet } from './methods/awnet';

/** A finished run offered as a teacher: its config, final parameters (model order) and a name for messages. */
export interface TeacherRun {
  name: string;
  config: ExperimentConfig;
  params: readonly Float32Array[];
}

export type TeacherRole = 'natural' | 'adversarial';

const ROLE_NAME: Record<TeacherRole, string> = {
  natural: 'The clean teacher',
  adversarial: 'The adversarially trained teacher',
};

/**
 * Why `teacher` cannot teach `student` (empty: it can): it must be trained on the student's kind of data, and
 * its parameters must fit the model its config builds on the student's data (same inputs, same classes).
 */
export function teacherErrors(
  role: TeacherRole,
  teacher: TeacherRun,
  student: { config: ExperimentConfig; dataset: Dataset },
): string[] {
  const who = `${ROLE_NAME[role]} (${teacher.name})`;
  const [kind, studentKind] = [teacher.config.data.kind, student.config.data.kind];
  if (kind !== studentKind) return [`${who} was trained on ${kind} data, the student on ${studentKind}.`];
  let model;
  try {
    model = buildModel(teacher.config.model, student.dataset);
  } catch (err) {
    return [
      `${who}: its model does not fit ${student.dataset.name}: ${err instanceof Error ? err.message : err}`,
    ];
  }
  if (teacher.params.length !== model.params.length)
    return [
      `${who}: ${teacher.params.length} parameter tensors, but its model (${model.description}) has ${model.params.length}.`,
    ];
  return model.params.flatMap((p, i) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const n = teacher.params[i].length;
    return n === size
      ? []
      : [
          `${who}: tensor ${p.name} has ${n} values, but on the student's data (${student.dataset.numClasses} classes) its shape ${p.shape.join('×')} needs ${size}.`,
        ];
  });
}

/**
 * Attaches `natural` and `adversarial` to the AW-Net run `trainer` trains (MTARD from its next step on).
 * Returns the errors instead when the student is not an AW-Net trained by AW-Net training, a teacher does not
 * fit (teacherErrors), or both are the same run. `detach` stops the distillation and frees the teachers.
 */
export function attachTeacherRuns(
  trainer: Trainer,
  natural: TeacherRun,
  adversarial: TeacherRun,
): { ok: true; detach: () => void } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!isAwnet(trainer.model) || trainer.config.training.method !== awnet.id)
    errors.push(
      `Teachers distil into an AW-Net trained by ${awnet.label} training; this run is ${trainer.model.description}.`,
    );
  if (natural === adversarial || natural.params === adversarial.params)
    errors.push('The clean and the adversarially trained teacher must be two different runs.');
  errors.push(
    ...teacherErrors('natural', natural, trainer),
    ...teacherErrors('adversarial', adversarial, trainer),
  );
  if (errors.length) return { ok: false, errors };
  const build = (t: TeacherRun) => {
    const model = buildModel(t.config.model, trainer.dataset);
    const params = model.params.map((p, i) => tf.tensor(t.params[i], p.shape, 'float32'));
    return { forward: forwardOf(model, params), params };
  };
  const [nat, adv] = [build(natural), build(adversarial)];
  const release = attachTeachers(trainer.vars, { natural: nat.forward, adversarial: adv.forward });
  return {
    ok: true,
    detach: () => {
      release();
      tf.dispose([...nat.params, ...adv.params]);
    },
  };
}
