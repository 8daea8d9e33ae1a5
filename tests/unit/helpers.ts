import * as tf from '../../src/core/tf';
import { type ExperimentConfigInput, parseConfig, type ExperimentConfig } from '../../src/core/config';
import { moonsDataset } from '../../src/core/data/moons';
import type { AnalysisRecord, EpochMetrics } from '../../src/core/events';
import { localHost } from '../../src/core/lab/lab';
import { nodeLab } from '../../src/node/lab';
import { type Plan, runPlan } from '../../src/core/lab/plan';
import { type NodeBackend, useBackend } from '../../src/node/backend';
import type { Trainer } from '../../src/core/train/trainer';

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

/**
 * Tensors one epoch of `trainer` and its method's epoch metrics leave behind, after a first epoch (the
 * optimiser creates its state on the first step).
 */
export async function epochLeaks(trainer: Trainer): Promise<number> {
  const epoch = async () => {
    await trainer.trainEpoch();
    await trainer.method.epochMetrics?.(trainer.epochContext());
  };
  await epoch();
  return leakedTensors(epoch);
}

/** A trained run of a plan: what it recorded. */
export interface PlannedRun {
  label: string;
  config: ExperimentConfig;
  history: EpochMetrics[];
  analyses: AnalysisRecord[];
  epoch: number;
}

/**
 * Trains a plan on wasm in a Node lab — the one runPlan the app, the bench and the command line use — and
 * returns what each run recorded, in plan order.
 */
export async function trainPlan(plan: Plan): Promise<PlannedRun[]> {
  const lab = nodeLab();
  const handles = await runPlan(localHost(lab), plan, new AbortController().signal);
  const runs = handles.map(({ runner }, i) => ({
    label: plan.runs[i]?.label ?? '',
    config: runner.config,
    history: [...runner.history],
    analyses: [...runner.analyses],
    epoch: runner.trainer.epoch,
  }));
  await lab.end();
  return runs;
}
