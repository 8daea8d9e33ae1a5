import type { DataConfig, ExperimentConfig } from '../config';
import { csvDataset } from './csv';
import type { Dataset } from './dataset';
import { mnistDataset } from './mnist';
import { moonsDataset } from './moons';

/**
 * What only the host can provide. The core never reads files or fetches: the browser fetches and inflates
 * the shipped MNIST asset, Node reads it from public/ (src/node/mnist-file.ts).
 */
export interface DataSources {
  /** The inflated MNIST asset (see src/core/data/mnist.ts for its format). */
  mnistBytes: () => Promise<Uint8Array>;
}

type Loaders = {
  [K in DataConfig['kind']]: (
    cfg: Extract<DataConfig, { kind: K }>,
    seed: number,
    sources: DataSources,
  ) => Dataset | Promise<Dataset>;
};

/** Dataset loaders by config kind. Adding a dataset: one file in this folder, one line here. */
const LOADERS: Loaders = {
  moons: (cfg, seed) => moonsDataset(cfg, seed),
  mnist: async (cfg, _seed, sources) => mnistDataset(await sources.mnistBytes(), cfg),
  csv: (cfg, seed) => csvDataset(cfg, seed),
};

/** The dataset a config describes (all randomness from the config's seed, stream "data"). */
export async function loadDataset(config: ExperimentConfig, sources: DataSources): Promise<Dataset> {
  const load = LOADERS[config.data.kind] as (
    cfg: DataConfig,
    seed: number,
    sources: DataSources,
  ) => Dataset | Promise<Dataset>;
  return load(config.data, config.seed, sources);
}
