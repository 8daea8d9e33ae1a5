/**
 * The lesson player: a lesson's step text, what to look for, previous / next, "run this step"
 * (its plan: train the runs side by side, then the analyses), the panels it points at highlighted, a link
 * to the step, and a presenter mode with large fonts. Lessons are data (core/lessons).
 */
import { useEffect, useState } from 'react';
import { type Lesson, type LessonPanelId, stepPlan } from '../../core/lessons/lesson';
import { Markdown } from './markdown';

/** The lab's panels for each panel a lesson can point at (ids the lab does not have are simply absent). */
export const LESSON_PANEL_IDS: Record<LessonPanelId, string[]> = {
  boundary: ['boundary'],
  model: ['model'],
  curves: ['curves'],
  metrics: ['metrics'],
  'robust-curves': ['robust-curves', 'comparison'],
  'landscape-1d': ['landscape-1d', 'comparison-landscape'],
  'landscape-2d': ['landscape-2d'],
  sharpness: ['sharpness', 'comparison-landscape'],
  'weight-perturbation': ['weight-perturbation'],
  comparison: ['comparison', 'comparison-landscape'],
  trajectory: ['trajectory'],
  'weight-distribution': ['weight-distribution'],
  tradeoff: ['tradeoff'],
  'awnet-router': ['awnet-router'],
};

const PANEL_NAMES: Record<LessonPanelId, string> = {
  boundary: 'decision boundary',
  model: 'model',
  curves: 'training curves',
  metrics: 'metrics table',
  'robust-curves': 'robust accuracy curves',
  'landscape-1d': '1-D loss landscape',
  'landscape-2d': '2-D loss landscape',
  sharpness: 'sharpness numbers',
  'weight-perturbation': 'worst-case vs random weight perturbation',
  comparison: 'side-by-side comparison',
  trajectory: 'optimisation path (PCA)',
  'weight-distribution': 'filter weight distributions',
  tradeoff: 'clean vs robust accuracy',
  'awnet-router': 'AW-Net router',
};

/** The panel ids to highlight for a step. */
export function highlightedPanels(panels: readonly LessonPanelId[]): Set<string> {
  return new Set(panels.flatMap((p) => LESSON_PANEL_IDS[p] ?? []));
}

export interface LessonPlayerProps {
  lesson: Lesson;
  index: number;
  onGo(index: number): void;
  onRun(): void;
  onClose(): void;
  /** The step's share link. */
  link: string;
  presenter: boolean;
  onPresenter(on: boolean): void;
  /** A plan (this step's or another) is running. */
  busy: boolean;
}

/**
 * In presenter mode, clickers' PageDown / PageUp go to the next and previous step, wherever the focus is
 * (a clicker's keys never type into a field).
 */
function usePresenterKeys(presenter: boolean, index: number, last: number, go: (index: number) => void) {
  useEffect(() => {
    if (!presenter) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'PageDown' && e.key !== 'PageUp')) return;
      const next = index + (e.key === 'PageDown' ? 1 : -1);
      if (next < 0 || next > last) return;
      e.preventDefault();
      go(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenter, index, last, go]);
}

export function LessonPlayer(props: LessonPlayerProps) {
  const { lesson, index } = props;
  const step = lesson.steps[index];
  const plan = stepPlan(lesson, step);
  const [copied, setCopied] = useState<string | null>(null);
  const last = lesson.steps.length - 1;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copy the link from the address bar.');
    }
  };
  usePresenterKeys(props.presenter, index, last, props.onGo);
  const runs = plan.runs.map((r) => r.label);
  const analyses = [...new Set(plan.analyses.map((a) => a.analysis))];
  return (
    <section
      className="lesson"
      data-testid="lesson"
      data-lesson={lesson.id}
      data-step={step.id}
      data-panels={[...highlightedPanels(step.panels)].join(' ')}
      aria-labelledby="lesson-step-title"
    >
      <header className="lesson-head">
        <span className="lesson-title">{lesson.title}</span>
        <span className="lesson-count" data-testid="lesson-step" data-value={index + 1} aria-live="polite">
          Step {index + 1} of {lesson.steps.length}
        </span>
        <nav className="lesson-dots" aria-label="Steps">
          {lesson.steps.map((s, i) => (
            <button
              key={s.id}
              type="button"
              className={i === index ? 'lesson-dot current' : 'lesson-dot'}
              aria-current={i === index ? 'step' : undefined}
              aria-label={s.title}
              title={s.title}
              onClick={() => props.onGo(i)}
            >
              {i + 1}
            </button>
          ))}
        </nav>
        <span className="lesson-head-actions">
          <button
            type="button"
            onClick={() => props.onPresenter(!props.presenter)}
            aria-pressed={props.presenter}
            data-testid="presenter-toggle"
            title="Large fonts for a projector, the settings folded away; a clicker's PageDown / PageUp step through the lesson"
          >
            {props.presenter ? 'Leave presenter mode' : 'Presenter mode'}
          </button>
          <button
            type="button"
            onClick={props.onClose}
            data-testid="lesson-close"
            aria-label="Close the lesson"
          >
            ✕
          </button>
        </span>
      </header>
      <h2 id="lesson-step-title" data-testid="lesson-step-title">
        {step.title}
      </h2>
      <div className="lesson-body">
        <div className="lesson-text" data-testid="lesson-text">
          <Markdown text={step.text} />
        </div>
        <aside className="lesson-look" aria-label="What to look for">
          <h3>What to look for</h3>
          <p data-testid="lesson-look-for">{step.lookFor}</p>
          <p className="lesson-panels">
            Watch:{' '}
            {step.panels.map((p) => (
              <span key={p} className="chip">
                {PANEL_NAMES[p] ?? p}
              </span>
            ))}
          </p>
        </aside>
      </div>
      <div className="lesson-actions">
        <button
          type="button"
          onClick={() => props.onGo(index - 1)}
          disabled={index === 0}
          data-testid="lesson-prev"
          aria-keyshortcuts={props.presenter ? 'PageUp' : undefined}
        >
          ◀ Previous
        </button>
        <button
          type="button"
          className="primary"
          onClick={props.onRun}
          disabled={props.busy || plan.runs.length + plan.analyses.length === 0}
          data-testid="lesson-run"
        >
          ▶ Run this step
        </button>
        <button
          type="button"
          onClick={() => props.onGo(index + 1)}
          disabled={index === last}
          data-testid="lesson-next"
          aria-keyshortcuts={props.presenter ? 'PageDown' : undefined}
        >
          Next ▶
        </button>
        <span className="lesson-plan muted">
          {runs.length > 1
            ? `Trains ${runs.join(' and ')} one after the other (same data, seed and initial weights)`
            : runs.length === 1
              ? 'Trains this step’s model'
              : 'Analyses the current run'}
          {analyses.length ? `, then computes ${analyses.join(', ')}.` : '.'}
        </span>
        <button type="button" className="small" onClick={copy} data-testid="lesson-link" title={props.link}>
          Link to this step
        </button>
        {copied && <span className="muted">{copied}</span>}
      </div>
    </section>
  );
}
