/**
 * The open lesson step (or none) and presenter mode. Opening a step sets the lab up for it: the runs it
 * trained earlier on this page if they are still kept, else a fresh run with its configuration.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { type LessonPosition, positionConfig, positionPlan } from '../lessons/lesson-link';
import { highlightedPanels } from '../lessons/LessonPlayer';
import type { EngineHandle } from './useEngine';
import type { Plans } from './usePlans';

const stepKey = (p: LessonPosition) => `${p.lesson.id}/${p.lesson.steps[p.index].id}`;
const stepTitle = (p: LessonPosition) => p.lesson.steps[p.index].title;

export function useLesson(
  initial: LessonPosition | null,
  { store, engine, createRun }: EngineHandle,
  plans: Plans,
) {
  const [lesson, setLesson] = useState(initial);
  const [presenter, setPresenter] = useState(false);
  /** The runs each step trained on this page, to show them again on a revisit. */
  const stepRuns = useRef(new Map<string, number[]>());
  /** Counts step changes, so a late answer for a step left meanwhile is dropped. */
  const visits = useRef(0);
  const { stopPlan, setSequence, startPlan } = plans;

  const goToStep = useCallback(
    (position: LessonPosition | null) => {
      stopPlan();
      setSequence(null);
      const visit = ++visits.current;
      setLesson(position);
      store.dispatch({ type: 'compareSet', ids: [] });
      if (!position) return setPresenter(false);
      const c = positionConfig(position);
      const earlier = stepRuns.current.get(stepKey(position)) ?? [];
      const e = engine.current;
      if (!e || !earlier.length || !earlier.every((id) => store.get().runs.some((r) => r.id === id)))
        return createRun(c, stepTitle(position));
      if (earlier.length > 1) store.dispatch({ type: 'compareSet', ids: earlier });
      const last = earlier[earlier.length - 1];
      void e.api.activate(last).then((ok) => {
        if (visits.current !== visit) return; // moved on meanwhile
        if (ok) store.dispatch({ type: 'select', id: last });
        else createRun(c, stepTitle(position));
      });
    },
    [createRun, engine, setSequence, stopPlan, store],
  );

  const runStep = useCallback(() => {
    if (lesson) startPlan(positionPlan(lesson), (ids) => stepRuns.current.set(stepKey(lesson), ids));
  }, [lesson, startPlan]);

  const highlights = useMemo(
    () => (lesson ? highlightedPanels(lesson.lesson.steps[lesson.index].panels) : new Set<string>()),
    [lesson],
  );

  return { lesson, presenter, setPresenter, goToStep, runStep, highlights };
}
