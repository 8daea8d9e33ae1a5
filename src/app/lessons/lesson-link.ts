/**
 * Lesson steps and their share links (`#lesson=<id>&step=<id>`, src/app/url.ts): which step a link opens,
 * and the configuration and plan of a step, as the lab uses them.
 */
import type { ExperimentConfig } from '../../core/config';
import { type Lesson, stepConfig, stepPlan } from '../../core/lessons/lesson';
import { LESSONS, findLessonStep } from '../../core/lessons/registry';
import type { Plan } from '../compare/sequence';
import { decodeLessonLink, encodeLessonLink } from '../url';

export interface LessonPosition {
  lesson: Lesson;
  index: number;
}

export type LessonLinkRead =
  | { kind: 'none' }
  | { kind: 'step'; position: LessonPosition; warning?: string }
  | { kind: 'unknown'; warning: string };

/** What a location hash says about lessons: not a lesson link, a known step, or an unknown one. */
export function readLessonHash(hash: string): LessonLinkRead {
  const link = decodeLessonLink(hash);
  if (!link) {
    if (hash.replace(/^#/, '').startsWith('lesson='))
      return { kind: 'unknown', warning: 'the lesson link is malformed; the default configuration is used' };
    return { kind: 'none' };
  }
  const found = findLessonStep(link.lesson, link.step);
  if (found) return { kind: 'step', position: { lesson: found.lesson, index: found.index } };
  const lesson = LESSONS[link.lesson];
  if (lesson)
    return {
      kind: 'step',
      position: { lesson, index: 0 },
      warning: `lesson “${lesson.title}” has no step “${link.step}”; it opens at its first step`,
    };
  return {
    kind: 'unknown',
    warning: `there is no lesson “${link.lesson}”; the default configuration is used`,
  };
}

export const lessonHash = (p: LessonPosition) =>
  encodeLessonLink({ lesson: p.lesson.id, step: p.lesson.steps[p.index].id });

export const positionConfig = (p: LessonPosition): ExperimentConfig =>
  stepConfig(p.lesson, p.lesson.steps[p.index]);

/** A step's plan for the sequencer: its runs (or none: analyses on the current run) and analyses. */
export function positionPlan(p: LessonPosition): Plan {
  const step = p.lesson.steps[p.index];
  const plan = stepPlan(p.lesson, step);
  return { title: step.title, runs: plan.runs, analyses: plan.analyses };
}
