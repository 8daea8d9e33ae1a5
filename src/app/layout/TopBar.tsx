/** The header: name, where it computes, and the page's actions on one row that never wraps. */
import type { ReactNode } from 'react';
import type { useTheme } from '../shell/useTheme';
import type { RunView } from '../store/runs';
import { LESSONS } from '../../core/lessons/registry';
import { BackendSummary } from './BackendSummary';
import { LessonMenu } from './LessonMenu';
import './TopBar.css';

export interface TopBarProps {
  run: RunView | null;
  /** The open lesson's id, or null. */
  lessonId: string | null;
  /** Opens a lesson by id, or closes the open one (null). */
  onLesson(id: string | null): void;
  docsOpen: boolean;
  onDocs(): void;
  presetsOpen: boolean;
  onPresets(): void;
  onCopyLink(): void;
  onExercise(): void;
  onDownload(): void;
  onOpenFile(file: File | undefined): void;
  /** The theme switch (ThemeButton). */
  theme: ReactNode;
  /** An exercise hides the presets and the lesson. */
  hidePresets: boolean;
}

/** Switches between the light and the dark theme. */
export function ThemeButton({ theme }: { theme: ReturnType<typeof useTheme> }) {
  return (
    <button
      type="button"
      onClick={theme.toggle}
      aria-label={`Switch to the ${theme.name === 'light' ? 'dark' : 'light'} theme`}
      data-testid="theme-toggle"
    >
      {theme.name === 'light' ? '☾ Dark' : '☀ Light'}
    </button>
  );
}

export function TopBar(props: TopBarProps) {
  const { run } = props;
  return (
    <header className="top">
      <h1 className="brand">Basin</h1>
      <BackendSummary run={run} />
      <nav className="top-actions" aria-label="Page">
        {!props.hidePresets && (
          <LessonMenu lessons={Object.values(LESSONS)} openId={props.lessonId} onChoose={props.onLesson} />
        )}
        <button
          type="button"
          onClick={props.onDocs}
          aria-pressed={props.docsOpen}
          data-testid="open-docs"
          title="The methods behind every panel: equations, defaults, papers and code"
        >
          Methods
        </button>
        {!props.hidePresets && (
          <button
            type="button"
            onClick={props.onPresets}
            aria-pressed={props.presetsOpen}
            aria-expanded={props.presetsOpen}
            data-testid="open-presets"
            title="Ready-made experiments, one click each"
          >
            Presets
          </button>
        )}
        <button
          type="button"
          onClick={props.onCopyLink}
          data-testid="copy-link"
          title="A link to these settings"
        >
          Link
        </button>
        <button
          type="button"
          onClick={props.onExercise}
          data-testid="open-exercise"
          title="A link for students, with some settings or figures hidden"
        >
          Exercise…
        </button>
        <button
          type="button"
          onClick={props.onDownload}
          data-testid="bundle-download"
          disabled={!run || run.status === 'creating' || run.status === 'failed'}
          title="Download this run (config, data, weights, metrics, analyses) as JSON"
        >
          Save
        </button>
        <label className="button" title="Open a run bundle (.json); you can also drop it on the page">
          Open…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            data-testid="bundle-load"
            onChange={(e) => {
              props.onOpenFile(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        {props.theme}
      </nav>
    </header>
  );
}
