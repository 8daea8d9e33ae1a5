/** The header's "Lesson" button: a list of every lesson to pick from, or "Close lesson" while one is open. */
import { useEffect, useRef, useState } from 'react';
import type { Lesson } from '../../core/lessons/lesson';
import './LessonMenu.css';

export interface LessonMenuProps {
  lessons: readonly Lesson[];
  /** The open lesson's id, or null. */
  openId: string | null;
  /** Opens the lesson with this id (its first step), or closes the open one (null). */
  onChoose(id: string | null): void;
}

export function LessonMenu({ lessons, openId, onChoose }: LessonMenuProps) {
  const [listed, setListed] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!listed) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node))
        setListed(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [listed]);

  if (openId !== null)
    return (
      <button
        type="button"
        onClick={() => onChoose(null)}
        aria-pressed="true"
        data-testid="open-lesson"
        title="Close the lesson"
      >
        Close lesson
      </button>
    );
  return (
    <div className="lesson-menu" ref={root}>
      <button
        type="button"
        onClick={() => setListed((l) => !l)}
        aria-expanded={listed}
        aria-controls="lesson-list"
        data-testid="open-lesson"
        title="A guided lesson: each step sets up the lab and says what to look for"
      >
        Lesson ▾
      </button>
      {listed && (
        <ul id="lesson-list" className="lesson-list" data-testid="lesson-list" aria-label="Lessons">
          {lessons.map((lesson) => (
            <li key={lesson.id}>
              <button
                type="button"
                data-testid={`lesson-choice-${lesson.id}`}
                onClick={() => {
                  setListed(false);
                  onChoose(lesson.id);
                }}
              >
                <strong>{lesson.title}</strong>
                <span>
                  {lesson.steps.length} steps · {lesson.summary}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
