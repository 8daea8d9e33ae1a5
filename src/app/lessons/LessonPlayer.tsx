/**
 * The lesson player: a lesson's step text, what to look for, previous / next, "run this step"
 * (its plan: train the runs side by side, then the analyses), the panels it points at highlighted, a link
 * to the step. In presenter mode it is the stage: one projector-sized screen with the step's text beside its
 * highlighted figures (given as children), large type, the step's link as a QR code, driven by a clicker's
 * keys. Lessons are data (core/lessons).
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { type Lesson, type LessonPanelId, stepPlan } from '../../core/lessons/lesson';
import { LESSONS } from '../../core/lessons/registry';
import { QrCode } from '../presenter/QrCode';
import { Markdown } from './markdown';
import './LessonPlayer.css';

/** The lab's panels for each panel a lesson can point at (ids the lab does not have are simply absent). */
const LESSON_PANEL_IDS: Record<LessonPanelId, string[]> = {
  boundary: ['boundary'],
  model: ['model'],
  curves: ['curves'],
  metrics: ['metrics'],
  'robust-curves': ['robust-curves', 'comparison'],
  'landscape-1d': ['landscape-1d', 'comparison-landscape'],
  'landscape-2d': ['landscape-2d'],
  sharpness: ['sharpness', 'comparison-landscape'],
  'weight-perturbation': ['weight-perturbation'],
  comparison: ['comparison', 'comparison-landscape', 'comparison-table'],
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
  /** Presenter mode: the step's highlighted figures, shown beside the text. */
  children?: ReactNode;
  /** Presenter mode: more buttons in the head (e.g. the theme). */
  headActions?: ReactNode;
  /** Presenter mode: what the step is computing now. */
  status?: string | null;
}

const NEXT_KEYS = new Set(['PageDown', 'ArrowRight', 'ArrowDown', ' ']);
const PREVIOUS_KEYS = new Set(['PageUp', 'ArrowLeft', 'ArrowUp']);

/**
 * In presenter mode a clicker's keys (PageDown / PageUp, the arrows, space; shift+space back) go to the next
 * and previous step wherever the focus is, except in a field that takes typing.
 */
function usePresenterKeys(presenter: boolean, index: number, last: number, go: (index: number) => void) {
  useEffect(() => {
    if (!presenter) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const back = PREVIOUS_KEYS.has(e.key) || (e.key === ' ' && e.shiftKey);
      if (!back && !NEXT_KEYS.has(e.key)) return;
      e.preventDefault();
      const next = index + (back ? -1 : 1);
      if (next >= 0 && next <= last) go(next);
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
  // Each step starts at its top: its title and buttons on screen.
  const textColumn = useRef<HTMLDivElement>(null);
  useEffect(() => {
    textColumn.current?.scrollTo({ top: 0 });
  }, [index, lesson]);
  const runs = plan.runs.map((r) => r.label);
  const analyses = [...new Set(plan.analyses.map((a) => a.analysis))];
  const title = (
    <h2 id="lesson-step-title" data-testid="lesson-step-title">
      {step.title}
    </h2>
  );
  const body = (
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
  );
  const actions = (
    <div className="lesson-actions">
      <button
        type="button"
        onClick={() => props.onGo(index - 1)}
        disabled={index === 0}
        data-testid="lesson-prev"
        aria-keyshortcuts={props.presenter ? 'PageUp ArrowLeft' : undefined}
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
        aria-keyshortcuts={props.presenter ? 'PageDown ArrowRight Space' : undefined}
      >
        Next ▶
      </button>
      {props.presenter && props.status && (
        <span className="stage-status" data-testid="stage-status" aria-live="polite">
          {props.status}
        </span>
      )}
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
  );
  return (
    <section
      className={props.presenter ? 'lesson stage' : 'lesson'}
      data-testid="lesson"
      data-lesson={lesson.id}
      data-lessons={Object.keys(LESSONS).join(' ')}
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
            title="One screen per step for a projector: the text beside its figures, large; a clicker's keys (PageDown / PageUp, arrows, space) step through the lesson"
          >
            {props.presenter ? 'Leave presenter view' : 'Presenter view'}
          </button>
          {props.presenter && props.headActions}
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
      {props.presenter ? (
        <div className="stage-body">
          <div className="stage-text" ref={textColumn}>
            {title}
            {actions}
            {body}
            <figure className="stage-link" data-testid="stage-link">
              <QrCode text={props.link} px={140} label="QR code of the link to this step" />
              <figcaption>
                Link to this step:
                <br />
                <a href={props.link}>{props.link.replace(/^https?:\/\//, '')}</a>
              </figcaption>
            </figure>
          </div>
          <div className="stage-figures" data-testid="stage-figures">
            {props.children}
          </div>
        </div>
      ) : (
        <>
          {title}
          {body}
          {actions}
        </>
      )}
    </section>
  );
}
