/**
 * `?embed`: the page inside an iframe in slides. No header, no settings: one panel (by id; a bare `?embed`
 * shows the first of the picture) with Play above it, or, with `?embed=stage` and a lesson link, the
 * presenter's stage.
 */
import type { ReactNode } from 'react';
import { Player } from '../controls/Player';
import { HighlightContext } from '../panels/highlight';
import type { LabActions } from '../panels/types';
import { type LabContext, LabPanel } from './LabPanel';
import { PICTURE, runPanels } from './panel-groups';
import './Embed.css';

export function Embed(props: {
  what: string;
  lab: LabContext | null;
  player: LabActions;
  onRegenerate(): void;
  stage: ReactNode;
  highlights: ReadonlySet<string>;
}) {
  if (props.what === 'stage' && props.stage) return <div className="app embed presenter">{props.stage}</div>;
  const panels = props.lab ? runPanels(props.lab.run) : [];
  const panel =
    panels.find((p) => p.id === props.what) ?? PICTURE.flatMap((id) => panels.filter((p) => p.id === id))[0];
  return (
    <div className="app embed" data-testid="embed" data-panel={panel?.id ?? ''}>
      <Player run={props.lab?.run ?? null} actions={props.player} onRegenerate={props.onRegenerate} />
      <HighlightContext.Provider value={props.highlights}>
        {props.lab && panel ? <LabPanel panel={panel} lab={props.lab} /> : <p className="muted">Loading…</p>}
      </HighlightContext.Provider>
    </div>
  );
}
