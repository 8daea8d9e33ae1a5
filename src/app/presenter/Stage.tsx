/**
 * The figures of a lesson step on the presenter's stage: the panels the step highlights (and the comparison
 * when it compares runs), large, in a grid that fits the screen.
 */
import type { ReactNode } from 'react';
import { type LabContext, LabPanel } from '../layout/LabPanel';
import { runPanels } from '../layout/panel-groups';
import { HighlightContext } from '../panels/highlight';
import { FigureScale, STAGE_FIGURE_SCALE } from './figure-scale';
import './Stage.css';

const COMPARISON_IDS = ['comparison', 'comparison-landscape'];

export function Stage(props: { lab: LabContext; highlights: ReadonlySet<string>; comparison: ReactNode }) {
  const panels = runPanels(props.lab.run).filter((p) => props.highlights.has(p.id));
  const compare = props.comparison && COMPARISON_IDS.some((id) => props.highlights.has(id));
  const count = panels.length + (compare ? 1 : 0);
  return (
    <HighlightContext.Provider value={new Set()}>
      <FigureScale.Provider value={STAGE_FIGURE_SCALE}>
        <div className="stage-grid" data-count={count}>
          {compare && props.comparison}
          {panels.map((p) => (
            <LabPanel key={p.id} panel={p} lab={props.lab} />
          ))}
          {!count && <p className="muted">This step points at figures that appear once it has run.</p>}
        </div>
      </FigureScale.Provider>
    </HighlightContext.Provider>
  );
}
