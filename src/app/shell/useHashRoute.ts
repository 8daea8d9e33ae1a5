/**
 * The page's address: what a link opens (a lesson step, a configuration, parts hidden for an exercise,
 * `?embed`), and the address kept up to date with what is shown, so it can be copied at any moment.
 */
import { useEffect, useRef } from 'react';
import type { ExperimentConfig } from '../../core/config';
import { type LessonPosition, lessonHash, positionConfig, readLessonHash } from '../lessons/lesson-link';
import { decodeHash, encodeConfig, readEmbed, readViewParams, withHide } from '../url';

export interface Route {
  config: ExperimentConfig;
  lesson: LessonPosition | null;
  /** What in the link was ignored or changed. */
  warnings: string[];
  /** The address as received (shown with the warnings). */
  received: string;
  /** Parts hidden for an exercise (`hide=`). */
  hide: string[];
  /** `?embed`: the panel (or "stage") an iframe shows; null: the whole page. */
  embed: string | null;
}

/** Reads the page's address. */
export function readRoute(location: Pick<Location, 'href' | 'hash' | 'search'> = window.location): Route {
  const { hash, hide } = readViewParams(location.hash);
  const base = { received: location.href, hide, embed: readEmbed(location.search) };
  const lesson = readLessonHash(hash);
  if (lesson.kind === 'step')
    return {
      ...base,
      config: positionConfig(lesson.position),
      lesson: lesson.position,
      warnings: lesson.warning ? [lesson.warning] : [],
    };
  if (lesson.kind === 'unknown')
    return { ...base, ...decodeHash(''), lesson: null, warnings: [lesson.warning] };
  return { ...base, ...decodeHash(hash), lesson: null };
}

/** The hash of what is shown: the open lesson step's link, else the configuration's, with the exercise's hidden parts. */
export function routeHash(shown: {
  config: ExperimentConfig;
  lesson: LessonPosition | null;
  hide: string[];
}) {
  return `#${withHide(shown.lesson ? lessonHash(shown.lesson) : encodeConfig(shown.config), shown.hide)}`;
}

/**
 * Keeps the address on what is shown; `onLink` gets a link pasted into the address bar (not the page's own
 * rewrites).
 */
export function useHashRoute(
  shown: { config: ExperimentConfig | null; lesson: LessonPosition | null; hide: string[] },
  onLink: (route: Route) => void,
) {
  const { config, lesson, hide } = shown;
  const written = useRef<string | null>(null);
  useEffect(() => {
    if (!config) return;
    const hash = routeHash({ config, lesson, hide });
    written.current = hash;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [config, lesson, hide]);

  const handler = useRef(onLink);
  useEffect(() => {
    handler.current = onLink;
  });
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash !== written.current) handler.current(readRoute());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
}
