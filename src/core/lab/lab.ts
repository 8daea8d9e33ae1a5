/**
 * One home per run: the lab holds the current run (a Runner) and the records of the runs before it, so a run
 * can be made current again (`activate`) without retraining and a run asked for again with the same
 * configuration is reused (`trained`). Host-agnostic: the engine worker and Node (bench, command line,
 * tests) each give it their way to load data and pick a backend.
 */
import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { EngineEvent } from '../events';
import type { PointEvaluatorPool } from '../analysis/point-eval-pool';
import type { ParamValues } from '../params';
import { Runner, type RunRecord } from '../train/runner';
import { configKey } from './config-key';
import type { PlanHost, PlanProgress, PlanRun } from './plan';

export interface LabEnv {
  dataset(config: ExperimentConfig): Promise<Dataset>;
  /** Picks and readies the backend for a run; resolves with its name. */
  backend(config: ExperimentConfig, dataset: Dataset): Promise<string>;
  /** Workers that may compute the runs' landscapes alongside (the engine worker's pool on cpu/wasm). */
  helpers?: PointEvaluatorPool;
}

export interface LabRun {
  id: number;
  runner: Runner;
  dataset: Dataset;
}

type Emit = (event: EngineEvent) => void;

/** How many earlier runs the lab keeps (the UI's store keeps as many). */
export const KEPT_RUNS = 8;

export class Lab {
  private run: LabRun | null = null;
  private readonly kept = new Map<number, RunRecord>();
  private ids = 0;

  constructor(
    private readonly env: LabEnv,
    private readonly keptRuns = KEPT_RUNS,
  ) {}

  get current(): LabRun | null {
    return this.run;
  }

  /** A fresh run id for runs the lab creates by itself (plans in Node); hosts with their own ids pass theirs. */
  nextId(): number {
    return --this.ids;
  }

  /** Ends the current run (kept) and creates a new one, untrained. */
  async create(id: number, config: ExperimentConfig, emit: Emit, dataset?: Dataset): Promise<LabRun> {
    await this.end();
    const data = dataset ?? (await this.env.dataset(config));
    const backend = await this.env.backend(config, data);
    this.run = { id, runner: await Runner.create(config, data, backend, emit), dataset: data };
    this.run.runner.helpers = this.env.helpers;
    return this.run;
  }

  /** Ends the current run (kept) and goes on from a record (see Runner.resume). */
  async resume(id: number, record: RunRecord, emit: Emit, dataset?: Dataset): Promise<LabRun> {
    await this.end();
    const data = dataset ?? (await this.env.dataset(record.config));
    const backend = await this.env.backend(record.config, data);
    this.run = { id, runner: await Runner.resume(record, data, backend, emit), dataset: data };
    this.run.runner.helpers = this.env.helpers;
    return this.run;
  }

  /** Makes a kept run current again from its record; false when the lab no longer keeps it. */
  async activate(id: number, emit: Emit): Promise<boolean> {
    if (this.run?.id === id) return true;
    const record = this.kept.get(id);
    if (!record) return false;
    await this.resume(id, record, emit);
    return true;
  }

  /**
   * Ends the current run: its record is kept and its tensors released; with `keep` false (a run on a lost
   * device) it is dropped without waiting for its loop.
   */
  async end(keep = true): Promise<void> {
    const run = this.run;
    this.run = null;
    if (!run) return;
    if (keep) await this.keep(run);
    // A runner on a lost device may fail to clean up (its backend is gone anyway): not waited for.
    const cancelled = run.runner.cancel().catch(() => undefined);
    if (keep) await cancelled;
  }

  /** The kept record of run `id`. */
  record(id: number): RunRecord | undefined {
    return this.kept.get(id);
  }

  /** The newest run (current or kept) trained to all epochs of exactly this configuration. */
  trained(config: ExperimentConfig): number | null {
    const key = configKey(config);
    const r = this.run?.runner;
    if (r && r.state === 'done' && configKey(r.config) === key) return this.run!.id;
    for (const [id, record] of [...this.kept].reverse())
      if (record.epoch >= record.config.training.epochs && configKey(record.config) === key) return id;
    return null;
  }

  /**
   * Keeps a run's parameters and record: its weights as they are when it stopped, or, while an epoch is
   * still running, those after the last finished one.
   */
  private async keep(run: LabRun): Promise<void> {
    const r = run.runner;
    let params: ParamValues;
    let epoch: number;
    try {
      if (r.state === 'running') ({ values: params, epoch } = r.lastFiniteParams);
      else [params, epoch] = [await r.trainer.snapshot(), r.trainer.epoch];
    } catch {
      return; // a lost device: nothing to keep
    }
    this.kept.delete(run.id);
    this.kept.set(run.id, r.record(params, epoch));
    while (this.kept.size > this.keptRuns) this.kept.delete(this.kept.keys().next().value!);
  }
}

/** How a host in this thread treats the runs it creates. */
export interface LocalHostOptions {
  /**
   * Runs on each run the host creates (not on a reused one), after its runner exists and before it trains:
   * e.g. the command line attaches MTARD's teachers here. Throwing fails the plan.
   */
  prepare?(run: LabRun, planRun: PlanRun): void | Promise<void>;
  /**
   * A run that stops before its last epoch (it diverged) is handed back as it is, for the caller to read its
   * state; without this the plan fails.
   */
  allowUnfinished?: boolean;
}

/**
 * A plan host that trains in this thread (Node: bench, command line, tests): runs are reused when the lab
 * has trained their configuration; `onEvent` sees every run's engine events.
 */
export function localHost(
  lab: Lab,
  onEvent: (event: EngineEvent) => void = () => {},
  options: LocalHostOptions = {},
): PlanHost<LabRun> {
  let progress: (p: PlanProgress) => void = () => {};
  const emit: Emit = (e) => {
    onEvent(e);
    const r = lab.current?.runner;
    if (e.type === 'progress' && r)
      progress({ kind: 'epoch', epoch: e.epoch, epochs: r.config.training.epochs, fraction: e.fraction });
    else if (e.type === 'epoch' && r)
      progress({ kind: 'epoch', epoch: e.metrics.epoch, epochs: r.config.training.epochs, fraction: 1 });
    else if (e.type === 'analysisProgress') progress({ kind: 'analysis', fraction: e.fraction });
  };
  return {
    current: () => lab.current,
    async train(run, onProgress) {
      progress = onProgress;
      const reused = lab.trained(run.config);
      if (reused !== null && (await lab.activate(reused, emit))) {
        onProgress({ kind: 'reused', epochs: lab.current!.runner.trainer.epoch });
        return lab.current!;
      }
      const created = await lab.create(lab.nextId(), run.config, emit);
      await options.prepare?.(created, run);
      await created.runner.play();
      if (created.runner.state !== 'done' && !options.allowUnfinished)
        throw new Error(
          `${run.label} stopped in state ${created.runner.state} after epoch ${created.runner.trainer.epoch}`,
        );
      return created;
    },
    async analyse(h, a, onProgress) {
      progress = onProgress;
      if (lab.current?.id !== h.id && !(await lab.activate(h.id, emit)))
        throw new Error('the run is no longer kept');
      return lab.current!.runner.analyse(a.analysis, a.settings ?? {}, true);
    },
  };
}
