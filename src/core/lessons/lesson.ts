/**
 * Lessons as data (the idea of "textbook pages that drive the live tool"): a lesson is a list of
 * steps, each saying which configuration to load, which panels to highlight, what to run and what to look
 * for. No React and no tfjs here: the app renders the text, applies the configuration and runs the actions;
 * a step is addressed by the lesson's and the step's URL-friendly ids (the share link carries both).
 */
import type { ExperimentConfig } from '../config';
import { type ConfigPatch, applyPatch } from '../config-patch';
import type { ComparisonRow } from '../compare';

/**
 * The panels a step can point at. The app maps each id to its panel (ids it does not have yet are ignored):
 * the ones the lab has (boundary, model, curves, metrics) and the ones the lessons need from the later
 * issues' panels.
 */
export const LESSON_PANELS = [
  'boundary',
  'model',
  'curves',
  'metrics',
  'robust-curves',
  'landscape-1d',
  'landscape-2d',
  'sharpness',
  'weight-perturbation',
  'comparison',
  'trajectory',
  'weight-distribution',
  'tradeoff',
  'awnet-router',
] as const;
export type LessonPanelId = (typeof LESSON_PANELS)[number];

/** The comparison table's columns a stage can show (keys of core/compare.ts's ComparisonRow). */
export const STAGE_COLUMNS = [
  'cleanTrainAcc',
  'cleanTestAcc',
  'robustTrainAcc',
  'robustTestAcc',
  'robustGap',
  'bestRobustTestAcc',
  'robustSharpness',
  'sharpness',
  'hessianTopEigenvalue',
] as const satisfies readonly (keyof ComparisonRow)[];
export type StageColumn = (typeof STAGE_COLUMNS)[number];

/**
 * One figure of a step on the presenter's stage: a panel of the run, or one part of the comparison (its
 * accuracy curves side by side, its landscapes along one direction, or its table with only the columns the
 * step talks about).
 */
export type StageFigure =
  | { panel: Exclude<LessonPanelId, 'comparison'> }
  | { comparison: 'accuracy' | 'landscape' }
  | { table: StageColumn[] };

/** At most this many figures on a step's stage: each large enough for 18 px text at 1024×768. */
export const STAGE_MAX_FIGURES = 2;

/** One run of a comparison: its own id and label, and what it changes in the step's configuration. */
export interface ComparisonRunSpec {
  id: string;
  label: string;
  patch?: ConfigPatch;
}

/** What a step asks the lab to do, in order (the "run this step" button). */
type LessonAction =
  /** Train the step's configuration to its number of epochs. */
  | { kind: 'train' }
  /**
   * Run an analysis (by its registry id) on the trained run, or on every run of the step's comparison. The
   * settings are the analysis' own (validated by its `parseSettings`).
   */
  | { kind: 'analysis'; analysis: string; settings?: Record<string, unknown> }
  /** Train these runs side by side (same data, initial weights and seed), each the step's config + its patch. */
  | { kind: 'compare'; runs: ComparisonRunSpec[] };

export interface LessonStep {
  /** URL-friendly, unique within the lesson. */
  id: string;
  title: string;
  /** A few short paragraphs of markdown. */
  text: string;
  /** What this step changes in the lesson's base configuration (steps are independent, not cumulative). */
  config?: ConfigPatch;
  /** The panels to highlight. */
  panels: LessonPanelId[];
  /**
   * What the presenter's stage shows (at most STAGE_MAX_FIGURES, each among the highlighted panels): the
   * figures that plot what `lookFor` names. The lab below still highlights every panel of `panels`.
   */
  stage: StageFigure[];
  actions: LessonAction[];
  /** What to notice once the actions have run. */
  lookFor: string;
}

export interface Lesson {
  /** URL-friendly, unique among lessons. */
  id: string;
  title: string;
  /** One sentence for the lesson list. */
  summary: string;
  /** The configuration every step starts from. */
  baseConfig: ConfigPatch;
  steps: LessonStep[];
}

/** Lowercase letters, digits and single hyphens: safe in a URL hash without escaping. */
export const URL_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The full configuration of a step: the lesson's base with the step's patch, strictly parsed. */
export function stepConfig(lesson: Lesson, step: LessonStep): ExperimentConfig {
  return applyPatch(lesson.baseConfig, step.config);
}

/** The runs of a step's comparison action, each with its full configuration; [] if the step has none. */
export function comparisonRuns(
  lesson: Lesson,
  step: LessonStep,
): { id: string; label: string; config: ExperimentConfig }[] {
  const base = stepConfig(lesson, step);
  return step.actions.flatMap((a) =>
    a.kind === 'compare'
      ? a.runs.map((r) => ({ id: r.id, label: r.label, config: applyPatch(base, r.patch) }))
      : [],
  );
}

/** What running a step amounts to: the runs to train and the analyses to run on each of them, in order. */
export interface StepPlan {
  runs: { id: string; label: string; config: ExperimentConfig }[];
  analyses: { analysis: string; settings?: Record<string, unknown> }[];
}

/**
 * A step's actions as a plan: the comparison's runs (or the step's own run when it trains one; none when it
 * only analyses the run already there) and the analyses to run on every one of them.
 */
export function stepPlan(lesson: Lesson, step: LessonStep): StepPlan {
  const compared = comparisonRuns(lesson, step);
  const trains = step.actions.some((a) => a.kind === 'train');
  const runs = compared.length
    ? compared
    : trains
      ? [{ id: step.id, label: step.title, config: stepConfig(lesson, step) }]
      : [];
  const analyses = step.actions.flatMap((a) =>
    a.kind === 'analysis' ? [{ analysis: a.analysis, settings: a.settings }] : [],
  );
  return { runs, analyses };
}
