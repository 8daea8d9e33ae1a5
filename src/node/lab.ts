/**
 * The lab in Node (bench, command line, tests): data from the files `npm run data` writes, one of Node's
 * tfjs backends for every run.
 */
import { Lab } from '../core/lab/lab';
import { loadDataset } from '../core/data/registry';
import { type NodeBackend, useBackend } from './backend';
import { nodeDataSources } from './mnist-file';

export function nodeLab(backend: NodeBackend = 'wasm'): Lab {
  return new Lab({
    dataset: (config) => loadDataset(config, nodeDataSources),
    async backend() {
      await useBackend(backend);
      return backend;
    },
  });
}
