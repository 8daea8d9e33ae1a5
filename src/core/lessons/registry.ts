import { awpInSixSteps } from './awp-in-6-steps';
import { flatOrSharp } from './flat-or-sharp';
import { robustnessCost } from './robustness-cost';
import type { Lesson, LessonStep } from './lesson';

/** Every lesson, by id. Adding one: a file in this folder, one line here. */
export const LESSONS: Record<string, Lesson> = {
  [awpInSixSteps.id]: awpInSixSteps,
  [flatOrSharp.id]: flatOrSharp,
  [robustnessCost.id]: robustnessCost,
};

export function getLesson(id: string): Lesson {
  const lesson = LESSONS[id];
  if (!lesson) throw new Error(`Unknown lesson "${id}"`);
  return lesson;
}

/**
 * The step a share link names (lesson id and step id, e.g. from `#lesson=awp-in-6-steps&step=compare`), or
 * null when either is unknown; a missing step id means the first step.
 */
export function findLessonStep(
  lessonId: string,
  stepId?: string | null,
): { lesson: Lesson; index: number; step: LessonStep } | null {
  const lesson = LESSONS[lessonId];
  if (!lesson) return null;
  const index = stepId ? lesson.steps.findIndex((s) => s.id === stepId) : 0;
  return index < 0 ? null : { lesson, index, step: lesson.steps[index] };
}
