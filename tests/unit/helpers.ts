import * as tf from '../../src/core/tf';
import { type ExperimentConfigInput, parseConfig, type ExperimentConfig } from '../../src/core/config';
import { moonsDataset } from '../../src/core/data/moons';
import { type NodeBackend, useBackend } from '../../src/node/backend';

export { useBackend, type NodeBackend };

/** A strict-parsed config; throws with the parser's messages if invalid. */
export function config(input: ExperimentConfigInput = {}): ExperimentConfig {
  const r = parseConfig(input);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.config;
}

export function moons(cfg: ExperimentConfig) {
  if (cfg.data.kind !== 'moons') throw new Error('moons config expected');
  return moonsDataset(cfg.data, cfg.seed);
}

/** Runs `fn` and returns how many tensors it left behind. */
export async function leakedTensors(fn: () => Promise<unknown> | unknown): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}
