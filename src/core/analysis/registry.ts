import type { AnalysisRequest, ExperimentConfig } from '../config';
import { adversarialExamples } from './adversarial-examples';
import type { Analysis } from './analysis';
import { awnetRouter } from './awnet-router';
import type { AnalysisId } from './analysis-ids';
import { corruptionLayers } from './corruption/layers';
import { corruptionSweep } from './corruption/sweep';
import { corruptionTrajectory } from './corruption/trajectory';
import { fgsmSweep } from './fgsm-sweep';
import { lsa } from './lsa';
import { robust } from './robust';
import { interpolationAnalysis } from './interpolation';
import { landscape1dAnalysis, landscape2dAnalysis } from './landscape';
import { sharpnessAnalysis } from './sharpness';
import { trajectoryAnalysis } from './trajectory';
import { weightDistributionAnalysis } from './weight-distribution';
import { weightPerturbation } from './weight-perturbation';

/**
 * Every analysis, by id. Adding one: a file in this folder, its id in ./analysis-ids.ts, one line here, a
 * section in docs/run-bundle.md. Per-epoch analyses (those with `perEpoch`) run after each epoch in the
 * runner; any analysis can be requested from the config (`config.analyses`) or run on demand from the UI.
 */
const REGISTERED = {
  robust: robust,
  'fgsm-sweep': fgsmSweep,
  'adversarial-examples': adversarialExamples,
  'corruption-sweep': corruptionSweep,
  'corruption-layers': corruptionLayers,
  'corruption-trajectory': corruptionTrajectory,
  'landscape-1d': landscape1dAnalysis,
  'landscape-2d': landscape2dAnalysis,
  interpolation: interpolationAnalysis,
  trajectory: trajectoryAnalysis,
  sharpness: sharpnessAnalysis,
  lsa: lsa,
  'weight-perturbation': weightPerturbation,
  'awnet-router': awnetRouter,
  'weight-distribution': weightDistributionAnalysis,
} satisfies Record<AnalysisId, Analysis>;

/** The result type of every analysis, by id (type-only: the UI thread reads it without the engine). */
export type AnalysisResults = {
  [K in AnalysisId]: Awaited<ReturnType<(typeof REGISTERED)[K]['run']>>;
};

/** The registry; tests may add stand-in analyses under other ids. */
export const ANALYSES: Record<string, Analysis> = { ...REGISTERED };

export function getAnalysis(id: string): Analysis {
  const a = ANALYSES[id];
  if (!a) throw new Error(`Unknown analysis "${id}"`);
  return a;
}

/** The config's requests due after `epoch`: every k-th epoch (k > 0) and always after the last one. */
export function requestsDueAt(config: ExperimentConfig, epoch: number): AnalysisRequest[] {
  const last = epoch === config.training.epochs;
  return config.analyses.filter((r) => last || (r.every > 0 && epoch % r.every === 0));
}

/**
 * Checks the settings of every requested analysis against its schema before a run starts; one message per
 * bad request, naming it (`analyses.1 (lsa): …`).
 */
export function checkAnalysisRequests(config: ExperimentConfig): string[] {
  return config.analyses.flatMap((r, i) => {
    try {
      getAnalysis(r.id).parseSettings(r.settings);
      return [];
    } catch (err) {
      const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      const text = issues
        ? issues.map((x) => `settings.${x.path.map(String).join('.')}: ${x.message}`).join('; ')
        : err instanceof Error
          ? err.message
          : String(err);
      return [`analyses.${i} (${r.id}): ${text}`];
    }
  });
}
