/**
 * What a run bundle's schema cannot see, and the words a refusal uses. A file can be valid JSON of the right
 * shape and still not be a run Basin could have written: weights beyond what a 32-bit float holds, a
 * training history out of order, accuracies above 100 %, settings naming a model that cannot read the data.
 * Such files are refused before anything changes, with one sentence per problem that names the part of the
 * file in plain words ("The weights, tensor 2 (dense0/bias)", "The training history, epoch 3: test
 * accuracy"). Pure, no tfjs: the UI checks a dropped file before the engine sees it. Weights that parse but
 * overflow in the forward pass are caught by the engine (it refuses those too, rather than loading a model
 * marked diverged).
 */
import type { RunBundle } from './bundle-schema';
import { type IssueLike, issueProblem, settingLabel } from './config-messages';
import { modelFits } from './config-repair';

/** The largest magnitude a float32 holds; weights and metrics beyond it cannot come from a Basin run. */
const FLOAT32_MAX = 3.4028234663852886e38;

const METRIC_NAMES: Record<string, string> = {
  epoch: 'epoch number',
  trainLoss: 'training loss',
  trainAcc: 'training accuracy',
  testLoss: 'test loss',
  testAcc: 'test accuracy',
  objective: 'training objective',
  seconds: 'time taken',
  examplesPerSec: 'speed',
  extra: 'extra numbers',
};

const TOP: Record<string, string> = {
  format: 'The file’s format tag',
  version: 'The run bundle version',
  createdAt: 'The time the file was written',
  versions: 'The versions it was written with',
  backend: 'The backend it was trained on',
  state: 'The run’s state',
  metrics: 'The training history',
  analyses: 'The analyses',
  parameters: 'The weights',
  model: 'The model description',
  data: 'The data',
};

/** The part of a bundle at `path`, in words, e.g. "The weights, tensor 2 (dense0/bias)". */
export function bundlePartLabel(path: readonly PropertyKey[], json?: unknown): string {
  const [top, a, b, c] = path;
  const name = (i: number) => {
    const t = (json as RunBundle | undefined)?.parameters?.final?.[i];
    return t && typeof t.name === 'string' ? ` (${t.name.slice(0, 40)})` : '';
  };
  if (top === undefined) return 'The file';
  if (top === 'config') return `The run’s settings: ${settingLabel(path.slice(1))}`;
  if (top === 'parameters') {
    if (a === 'epoch') return 'The epoch the weights are from';
    if (a === 'final' && typeof b === 'number') return `The weights, tensor ${b + 1}${name(b)}`;
    if (a === 'snapshots' && typeof b === 'number')
      return `The weights saved after epoch ${b}${typeof c === 'string' && c !== 'values' ? ` (${c})` : ''}`;
    return 'The weights';
  }
  if (top === 'metrics' && typeof a === 'number')
    return `The training history, entry ${a + 1}${typeof b === 'string' ? `: ${METRIC_NAMES[b] ?? b}` : ''}`;
  if (top === 'analyses' && typeof a === 'number') return `Analysis ${a + 1} of the file`;
  if (top === 'data') {
    if (a === 'numClasses') return 'The number of classes';
    if (a === 'inputShape') return 'The shape of one example';
    if (a === 'train' || a === 'test')
      return `The ${a === 'train' ? 'training' : 'test'} ${b === 'y' ? 'labels' : b === 'indices' ? 'digits' : 'examples'}`;
    return 'The data';
  }
  if (top === 'model') return a === 'paramCount' ? 'The model’s parameter count' : 'The model description';
  return TOP[String(top)] ?? 'The file';
}

/** One plain sentence for a schema issue of a bundle. */
export function bundleIssueSentence(issue: IssueLike, json: unknown): string {
  let value: unknown = json;
  for (const k of issue.path)
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  // A record of a known analysis whose result has the wrong form fails every branch of the record union; the
  // validator then reports only that its id is not an unknown one.
  const [top, n, field] = issue.path;
  if (top === 'analyses' && typeof n === 'number' && field === 'id' && issue.code === 'custom')
    return `${bundlePartLabel(['analyses', n])} (“${String(value).slice(0, 40)}”): its settings or result are not in the form this analysis writes.`;
  return `${bundlePartLabel(issue.path, json)}: ${issueProblem(issue, value)}.`;
}

/** The first value beyond float32 in a list of numbers, or undefined. */
const beyondFloat32 = (values: readonly number[]) => values.find((v) => Math.abs(v) > FLOAT32_MAX);

/** Plausibility of a structurally valid bundle: what no Basin run can produce. Empty when it is plausible. */
export function plausibilityErrors(b: RunBundle): string[] {
  const errors: string[] = [];
  const json = b as unknown;
  b.parameters.final.forEach((t, i) => {
    const big = beyondFloat32(t.values);
    if (big !== undefined)
      errors.push(
        `${bundlePartLabel(['parameters', 'final', i], json)}: holds ${big}, more than a 32-bit number can hold.`,
      );
  });
  for (const snap of b.parameters.snapshots ?? [])
    snap.values.forEach((v, i) => {
      const big = beyondFloat32(v);
      if (big !== undefined)
        errors.push(
          `The weights saved after epoch ${snap.epoch}, tensor ${i + 1}: hold ${big}, more than a 32-bit number can hold.`,
        );
    });
  b.metrics.forEach((m, i) => {
    const at = (field: string) => bundlePartLabel(['metrics', i, field]);
    if (m.epoch !== i + 1)
      errors.push(`${at('epoch')}: ${m.epoch}, but the history must count epochs 1, 2, 3, … in order.`);
    for (const field of ['trainAcc', 'testAcc'] as const)
      if (!(m[field] >= 0 && m[field] <= 1))
        errors.push(`${at(field)}: ${m[field]} is not a share between 0 and 1.`);
    for (const field of ['trainLoss', 'testLoss', 'seconds', 'examplesPerSec'] as const)
      if (!(m[field] >= 0 && m[field] <= FLOAT32_MAX))
        errors.push(`${at(field)}: ${m[field]} is not a number a run can record (0 up to about 3.4e38).`);
    if (!(Math.abs(m.objective) <= FLOAT32_MAX))
      errors.push(`${at('objective')}: ${m.objective} is beyond a 32-bit number.`);
  });
  const last = b.metrics.length ? b.metrics[b.metrics.length - 1].epoch : 0;
  if (b.parameters.epoch > last)
    errors.push(
      `The epoch the weights are from: ${b.parameters.epoch}, but the training history ends at epoch ${last}.`,
    );
  const c = b.config;
  const dataKinds = c.data.kind === b.data.kind;
  if (!dataKinds)
    errors.push(
      `The run’s settings name the dataset “${c.data.kind}”, but the file’s data is “${b.data.kind}”.`,
    );
  if (!modelFits(c.data.kind, c.model))
    errors.push(
      `The run’s settings: Model: ${c.model.kind === 'cnn' ? 'a CNN, which reads images,' : 'an MLP for 2-D points'} cannot read ${c.data.kind === 'mnist' ? 'MNIST digits' : '2-D points'}.`,
    );
  return errors;
}
