import type { ExperimentConfig } from '../config';
import type { Dataset } from '../data/dataset';
import type { AnalysisContext } from '../analysis/analysis';
import type { PointEvaluatorPool } from '../analysis/point-eval-pool';
import { ANALYSES, getAnalysis, requestsDueAt } from '../analysis/registry';
import type { AnalysisRecord, EngineEvent, EpochMetrics, RunState } from '../events';
import { analysedModel } from '../models/awnet';
import { paramCount } from '../models/model';
import { type ParamValues, allFinite } from '../params';
import { Trainer, yieldToHost } from './trainer';

/** Minimum time between two `progress` events: the eye needs ≤ 20 updates/s (docs/engine-notes.md#commands-in-events-out). */
const PROGRESS_INTERVAL_MS = 50;

/**
 * A run to go on with without retraining (a loaded bundle, a kept run, a run moved to another backend): its
 * parameters (model order) after `epoch` epochs and what was recorded up to there.
 */
export interface RunRecord {
  config: ExperimentConfig;
  params: ParamValues;
  epoch: number;
  history: EpochMetrics[];
  analyses: AnalysisRecord[];
  /** Parameters after every epoch (index = epoch, 0 = initial), when the run kept them. */
  snapshots?: ParamValues[];
  /** Optimiser steps taken so far (they seed per-step randomness); by default as if trained here. */
  step?: number;
}

/**
 * Drives a Trainer epoch by epoch with play / pause / step / cancel, turning what happens into
 * EngineEvents. Host-agnostic: the worker and the Node runner both use it.
 */
/** The record of analysis `id` a run has after `epoch` epochs with the same (parsed) settings, if any. */
export function findRecord(
  recorded: { epoch: number; analyses: readonly AnalysisRecord[] },
  id: string,
  rawSettings: unknown,
): AnalysisRecord | null {
  const settings = JSON.stringify(getAnalysis(id).parseSettings(rawSettings ?? {}));
  return (
    recorded.analyses.findLast(
      (r) => r.id === id && r.epoch === recorded.epoch && JSON.stringify(r.settings) === settings,
    ) ?? null
  );
}

export class Runner {
  readonly trainer: Trainer;
  private settings: ExperimentConfig;
  state: RunState = 'idle';
  readonly history: EpochMetrics[] = [];
  /** Parameter snapshots: index e holds the parameters after e epochs (0 = initial). */
  readonly snapshots: ParamValues[] = [];
  /** Every analysis run so far (per-epoch and on demand), in order. */
  readonly analyses: AnalysisRecord[] = [];
  private lastFinite: ParamValues;
  private lastFiniteEpoch = 0;
  private pauseRequested = false;
  private cancelled = false;
  private stopAfterEpoch = false;
  private resume: (() => void) | null = null;
  /** Callers of play/stepEpoch waiting for training to stop (pause, done, diverged, error). */
  private readonly stopWaiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;
  private lastProgress = 0;
  private lastYield = 0;

  /** Workers the host lends the run's surfaces (see AnalysisContext.helpers). */
  helpers: PointEvaluatorPool | undefined;

  private constructor(
    config: ExperimentConfig,
    readonly backend: string,
    private readonly emit: (event: EngineEvent) => void,
    dataset: Dataset,
    initial: ParamValues | undefined,
  ) {
    this.settings = config;
    this.trainer = new Trainer(config, dataset, initial);
    this.lastFinite = initial ?? [];
  }

  /** The run's configuration (its epochs grow when training continues, see `continueTo`). */
  get config(): ExperimentConfig {
    return this.settings;
  }

  static async create(
    config: ExperimentConfig,
    dataset: Dataset,
    backend: string,
    emit: (event: EngineEvent) => void,
    initial?: ParamValues,
  ): Promise<Runner> {
    const runner = new Runner(config, backend, emit, dataset, initial);
    const model = runner.trainer.model;
    runner.lastFinite = await runner.trainer.snapshot();
    if (config.training.snapshots) runner.snapshots.push(runner.lastFinite);
    emit({
      type: 'started',
      backend,
      dataset: dataset.name,
      epochs: config.training.epochs,
      model: {
        description: model.description,
        params: model.params,
        paramCount: paramCount(model),
        probeNames: model.probeNames,
      },
    });
    return runner;
  }

  /**
   * A runner that goes on from a record: its parameters, epoch, history, analyses and snapshots; paused, or
   * done when it has all its epochs. The optimiser state starts afresh (a record does not carry it).
   */
  static async resume(
    record: RunRecord,
    dataset: Dataset,
    backend: string,
    emit: (event: EngineEvent) => void,
  ): Promise<Runner> {
    const runner = await Runner.create(record.config, dataset, backend, emit, record.params);
    const t = runner.trainer;
    const n = dataset.yTrain.length;
    t.epoch = record.epoch;
    t.step = record.step ?? record.epoch * Math.ceil(n / Math.min(record.config.training.batchSize, n));
    runner.lastFiniteEpoch = record.epoch;
    runner.history.push(...record.history.filter((m) => m.epoch <= record.epoch));
    runner.analyses.push(...record.analyses);
    // Snapshot index = epoch: keep them only when they run without gaps from 0 to the current epoch.
    runner.snapshots.length = 0;
    if (record.snapshots?.length === record.epoch + 1) runner.snapshots.push(...record.snapshots);
    runner.setState(record.epoch >= record.config.training.epochs ? 'done' : 'paused');
    return runner;
  }

  /** What the runner has recorded so far, with the given parameters (e.g. read before it is cancelled). */
  record(params: ParamValues, epoch: number): RunRecord {
    return {
      config: this.config,
      params,
      epoch,
      history: this.history.filter((m) => m.epoch <= epoch),
      analyses: [...this.analyses],
      snapshots: this.snapshots.slice(0, epoch + 1),
      step: epoch === this.trainer.epoch ? this.trainer.step : undefined,
    };
  }

  /**
   * Raises (or lowers, not below the epochs trained) the number of epochs: training goes on from the current
   * weights and optimiser state. A finished run becomes paused when there is more to train.
   */
  continueTo(epochs: number): void {
    const target = Math.max(epochs, this.trainer.epoch);
    this.settings = { ...this.settings, training: { ...this.settings.training, epochs: target } };
    if (this.state === 'done' && this.trainer.epoch < target) this.setState('paused');
  }

  private setState(state: RunState) {
    this.state = state;
    if (state !== 'running') for (const settle of this.stopWaiters.splice(0)) settle();
    this.emit({ type: 'state', state });
  }

  /** Trains until the configured number of epochs, a pause, or a cancel. Resolves when it stops. */
  play(): Promise<void> {
    this.pauseRequested = false;
    this.stopAfterEpoch = false;
    return this.start();
  }

  /** Trains exactly one more epoch, then pauses. */
  stepEpoch(): Promise<void> {
    this.pauseRequested = false;
    this.stopAfterEpoch = true;
    return this.start();
  }

  /** Pauses at the next checkpoint (within an epoch). */
  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  /** Stops for good; the trainer's tensors are released once the loop has stopped. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.resume?.();
    await this.loop;
    this.trainer.dispose();
  }

  /** The latest parameters known to be finite (after every completed epoch) and the epoch they are from. */
  get lastFiniteParams(): { epoch: number; values: ParamValues } {
    return { epoch: this.lastFiniteEpoch, values: this.lastFinite };
  }

  /** Restores the last finite parameters after a divergence so training can go on (e.g. with a lower lr). */
  restoreLastFinite(): void {
    this.trainer.restore(this.lastFinite);
    // The diverged epoch did not count: continue from the last finite one.
    this.trainer.epoch = this.history.length ? this.history[this.history.length - 1].epoch : 0;
    if (this.state === 'diverged') this.setState('paused');
  }

  /** Starts or resumes the loop; resolves when training stops again (paused, done, diverged, cancelled). */
  private start(): Promise<void> {
    if (this.state === 'done' || this.state === 'diverged' || this.cancelled) return Promise.resolve();
    // The loop has stopped (paused after a step, or done and then given more epochs) but not yet wound
    // down: start again once it has.
    if (this.loop && !this.resume && this.state !== 'running') return this.loop.then(() => this.start());
    const stopped = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    if (this.resume) {
      // Paused inside an epoch: continue from there.
      const r = this.resume;
      this.resume = null;
      this.setState('running');
      r();
    } else if (!this.loop) {
      this.loop = this.run().finally(() => {
        this.loop = null;
        for (const settle of this.stopWaiters.splice(0)) settle();
      });
    }
    return stopped;
  }

  private checkpoint = async (fraction: number): Promise<boolean> => {
    const now = performance.now();
    if (now - this.lastProgress >= PROGRESS_INTERVAL_MS) {
      this.lastProgress = now;
      this.emit({ type: 'progress', epoch: this.trainer.epoch + 1, fraction });
    }
    if (this.pauseRequested && !this.cancelled) {
      this.pauseRequested = false;
      this.setState('paused');
      await new Promise<void>((resolve) => (this.resume = resolve));
    }
    return !this.cancelled;
  };

  private async run(): Promise<void> {
    this.setState('running');
    try {
      while (this.trainer.epoch < this.config.training.epochs && !this.cancelled) {
        const ok = await this.runOneEpoch();
        if (!ok) return;
        // An epoch of one batch never yields inside: let the host deliver events and commands in between.
        if (performance.now() - this.lastYield >= PROGRESS_INTERVAL_MS) {
          await yieldToHost();
          this.lastYield = performance.now();
        }
        if (this.stopAfterEpoch || this.pauseRequested) {
          this.pauseRequested = false;
          this.setState('paused');
          return;
        }
      }
      if (!this.cancelled) {
        this.setState('done');
        this.emit({ type: 'done', epochs: this.trainer.epoch });
      }
    } catch (err) {
      this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      this.setState('paused');
    }
  }

  /** The context analyses read: the current parameters (live variables, not to be mutated). */
  analysisContext(id: string): AnalysisContext {
    const t = this.trainer;
    // AW-Net's router may be held out of the analyses (its model setting `routerInAnalyses`).
    const { model, params, snapshots } = analysedModel(t.model, t.vars, this.snapshots, this.config.model);
    return {
      model,
      params,
      dataset: t.dataset,
      tensors: { xTrain: t.xTrain, yTrain: t.yTrain, xTest: t.xTest, yTest: t.yTest },
      config: this.config,
      epoch: t.epoch,
      snapshots,
      helpers: this.helpers,
      progress: async (fraction, partial) => {
        this.emit({ type: 'analysisProgress', id, epoch: t.epoch, fraction, partial });
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        return !this.cancelled;
      },
    };
  }

  /**
   * Runs an analysis on the current parameters and records it; resolves with the record (only its progress
   * is emitted). With `reuse`, a record the run already has at this epoch with the same settings is made
   * its newest and returned instead (plans: a lesson step never recomputes what an earlier step did).
   */
  async analyse(id: string, rawSettings: unknown, reuse = false): Promise<AnalysisRecord> {
    const analysis = getAnalysis(id);
    const settings = analysis.parseSettings(rawSettings);
    const epoch = this.trainer.epoch;
    const earlier = reuse ? findRecord({ epoch, analyses: this.analyses }, id, rawSettings) : null;
    if (earlier) {
      this.analyses.splice(this.analyses.indexOf(earlier), 1);
      this.analyses.push(earlier);
      return earlier;
    }
    const result = await analysis.run(this.analysisContext(id), settings);
    const record = { id, epoch, settings, result };
    this.analyses.push(record);
    return record;
  }

  /** Runs an analysis on the current parameters, records it and emits its result. */
  async runAnalysis(id: string, rawSettings: unknown): Promise<unknown> {
    const record = await this.analyse(id, rawSettings);
    this.emit({ type: 'analysis', ...record });
    return record.result;
  }

  /** One epoch plus its evaluation; false if cancelled or diverged. */
  private async runOneEpoch(): Promise<boolean> {
    const t = this.trainer;
    const stats = await t.trainEpoch(this.checkpoint);
    if (!stats) return false;
    const [train, test, params] = await Promise.all([
      t.evaluate(t.xTrain, t.yTrain),
      t.evaluate(t.xTest, t.yTest),
      t.snapshot(),
    ]);
    const numbers = [stats.objective, train.loss, test.loss];
    if (!numbers.every(Number.isFinite) || !allFinite(params)) {
      const reason = !Number.isFinite(stats.objective)
        ? `the training loss became ${stats.objective} in epoch ${t.epoch}`
        : `the parameters or losses contain NaN/Infinity after epoch ${t.epoch}`;
      this.setState('diverged');
      this.emit({
        type: 'diverged',
        epoch: t.epoch,
        reason,
        lastFinite: this.lastFinite,
        lastFiniteEpoch: this.lastFiniteEpoch,
      });
      return false;
    }
    this.lastFinite = params;
    this.lastFiniteEpoch = t.epoch;
    // Before the analyses: an analysis after epoch e sees the snapshots up to e (e.g. the PCA trajectory).
    if (this.config.training.snapshots) this.snapshots.push(params);
    const extra = t.method.epochMetrics ? await t.method.epochMetrics(t.epochContext()) : {};
    const due = [
      ...Object.values(ANALYSES).flatMap((analysis) => {
        const settings = analysis.perEpoch?.(this.config, t.epoch);
        return settings == null ? [] : [{ id: analysis.id, settings }];
      }),
      ...requestsDueAt(this.config, t.epoch),
    ];
    for (const { id, settings } of due) {
      const result = await this.runAnalysis(id, settings);
      Object.assign(extra, (result as { metrics?: Record<string, number> } | null)?.metrics ?? {});
    }
    const metrics: EpochMetrics = {
      epoch: t.epoch,
      trainLoss: train.loss,
      trainAcc: train.acc,
      testLoss: test.loss,
      testAcc: test.acc,
      objective: stats.objective,
      seconds: stats.seconds,
      examplesPerSec: stats.examples / Math.max(stats.seconds, 1e-9),
      extra,
    };
    this.history.push(metrics);
    this.emit({ type: 'epoch', metrics, params: this.config.training.snapshots ? params : undefined });
    return true;
  }
}
