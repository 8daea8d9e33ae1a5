/**
 * "Build an exercise link": a link to what is shown with some settings or figures hidden (`hide=`, as TF
 * Playground's `_hide`), or a page for an iframe in slides with one panel (`?embed`).
 */
import { useState } from 'react';
import type { PanelDef } from '../panels/types';
import { pageUrl, readViewParams, withHide } from '../url';
import { QUESTIONS } from './panel-groups';
import './ExerciseDialog.css';

/** Parts of the page an exercise can hide, besides single panels. */
const HIDEABLE_PARTS = [
  { id: 'settings', label: 'the settings' },
  { id: 'presets', label: 'the presets and the lesson buttons' },
  { id: 'runs', label: 'the list of runs' },
];

export function ExerciseDialog(props: { panels: PanelDef[]; hide: string[]; onClose(): void }) {
  const [hide, setHide] = useState<string[]>(props.hide);
  const [embed, setEmbed] = useState<string | null>(null);
  const { hash } = readViewParams(window.location.hash);
  const url = pageUrl(withHide(hash, hide), { embed });
  const toggle = (id: string) => setHide((h) => (h.includes(id) ? h.filter((x) => x !== id) : [...h, id]));
  const box = (id: string, label: string) => (
    <label key={id} className="checkbox-field">
      <input
        type="checkbox"
        checked={hide.includes(id)}
        onChange={() => toggle(id)}
        data-testid={`hide-${id}`}
      />
      {label}
    </label>
  );
  return (
    <div
      className="exercise"
      role="dialog"
      aria-modal="false"
      aria-labelledby="exercise-title"
      data-testid="exercise"
    >
      <header className="exercise-head">
        <h2 id="exercise-title">Build an exercise link</h2>
        <button
          type="button"
          className="small"
          onClick={props.onClose}
          aria-label="Close"
          data-testid="exercise-close"
        >
          ✕
        </button>
      </header>
      <p className="muted">
        Students who open the link get these settings, with what you tick below left out of the page. Nothing
        is locked: taking <code>hide=</code> out of the address brings everything back.
      </p>
      <fieldset className="exercise-hide">
        <legend>Hide</legend>
        {HIDEABLE_PARTS.map((p) => box(p.id, p.label))}
        {QUESTIONS.map((q) => box(q.id, `the section “${q.question}”`))}
        {props.panels.map((p) => box(p.id, `the panel “${p.title}”`))}
      </fieldset>
      <fieldset className="exercise-embed">
        <legend>For slides</legend>
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={embed !== null}
            onChange={(e) => setEmbed(e.target.checked ? (props.panels[0]?.id ?? '') : null)}
            data-testid="exercise-embed"
          />
          Only one panel, without the page around it (for an iframe):
        </label>
        <select
          value={embed ?? ''}
          disabled={embed === null}
          onChange={(e) => setEmbed(e.target.value)}
          aria-label="The panel to embed"
          data-testid="exercise-embed-panel"
        >
          {props.panels.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </fieldset>
      <label className="exercise-url">
        Link
        <input readOnly value={url} data-testid="exercise-url" onFocus={(e) => e.target.select()} />
      </label>
      {embed !== null && (
        <label className="exercise-url">
          For your slides
          <input
            readOnly
            value={`<iframe src="${url}" width="640" height="520" style="border:0"></iframe>`}
            onFocus={(e) => e.target.select()}
          />
        </label>
      )}
      <p>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(url)}>
          Copy the link
        </button>
      </p>
    </div>
  );
}
