/**
 * What a change of the settings means for the run the lab holds: nothing, train on (more epochs: the same run
 * continues from its weights and optimiser state), or a new run (anything else changes the trajectory — the
 * data, the model, the seed, the method or its settings), with the reason in words for the UI to show.
 */
import type { ExperimentConfig } from '../config';
import { settingLabel } from '../config-messages';

export type ConfigChange =
  | { kind: 'same' }
  | { kind: 'continue'; from: number; to: number; message: string }
  | { kind: 'restart'; changed: string[]; message: string };

/** The paths (dot-separated) of the settings that differ; lists compare whole. */
function changedSettings(a: unknown, b: unknown, path: string[] = []): string[][] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedSettings(a[k], b[k], [...path, k]));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const EPOCHS = 'training.epochs';

/**
 * Classifies going from `current` (trained for `trained` epochs) to `next`. Only the number of epochs may
 * change for the run to continue, and not below the epochs already trained.
 */
export function classifyChange(
  current: ExperimentConfig,
  next: ExperimentConfig,
  trained: number,
): ConfigChange {
  const changed = changedSettings(current, next);
  const others = changed.filter((p) => p.join('.') !== EPOCHS);
  if (!changed.length) return { kind: 'same' };
  const to = next.training.epochs;
  if (others.length) {
    const names = [...new Set(others.map(settingLabel))];
    return {
      kind: 'restart',
      changed: others.map((p) => p.join('.')),
      message: `New run: ${names.join(', ')} changed, so the trained weights no longer apply.`,
    };
  }
  if (to < trained)
    return {
      kind: 'restart',
      changed: [EPOCHS],
      message: `New run: ${to} epochs is fewer than the ${trained} already trained.`,
    };
  return {
    kind: 'continue',
    from: trained,
    to,
    message: `Continues the same run from epoch ${trained} to ${to} (same weights and optimiser state).`,
  };
}
