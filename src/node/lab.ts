/**
 * The lab in Node (bench, command line, tests): data from the files `npm run data` writes, one of Node's
 * tfjs backends for every run.
 */
import { Lab, type LabRun, localHost } from '../core/lab/lab';
import { type PlanAnalysis, type PlanRun, runPlan } from '../core/lab/plan';
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

/**
 * Trains `runs` one after another on `lab` with the one runPlan (reusing runs the lab trained with the same
 * configuration), each then analysed with `analyses`; resolves with the runs in order. Nothing is reported.
 */
export function trainRuns(lab: Lab, runs: PlanRun[], analyses: PlanAnalysis[] = []): Promise<LabRun[]> {
  return runPlan(localHost(lab), { title: '', runs, analyses }, new AbortController().signal);
}
