/**
 * The figures of a lesson step on the presenter's stage: the one or two the step names (`stage`: what its
 * "what to look for" reads off), stacked beside the text. Each figure is its chart with its title, legend and
 * the numbers under it; the lab's controls, downloads and "how to read this" stay in the lab (Stage.css). The
 * stage measures what the rest of each figure takes and gives the charts the height left (FigureHeight), so
 * the figures fill the screen without scrolling and their text stays at 18 px.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { LessonStep, StageFigure } from '../../core/lessons/lesson';
import { type ComparisonViewProps, ComparisonStagePart } from '../compare/ComparisonView';
import { type LabContext, LabPanel } from '../layout/LabPanel';
import { runPanels } from '../layout/panel-groups';
import { HighlightContext } from '../panels/highlight';
import { FigureHeight, FigureScale, STAGE_FIGURE_SCALE } from './figure-scale';
import './Stage.css';

/** The smallest chart height the stage gives (px): below it a figure is no longer worth showing. */
const MIN_CHART = 180;

/**
 * The height every chart of the stage gets: the stage's height less what the rest of each figure (title,
 * legend strip, the numbers under it) and the tables take, shared equally. Found by measuring: the grid
 * re-measures whenever it or a figure changes size, and settles once they fit; `layout` names the figures
 * (another step's are other cells to watch).
 */
function useSharedFit(charts: number, layout: string) {
  const grid = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<number | null>(null);
  useEffect(() => {
    const el = grid.current;
    if (!el || !charts || typeof ResizeObserver === 'undefined') return;
    const adjust = () => {
      const cells = [...el.children].filter((c): c is HTMLElement => c instanceof HTMLElement);
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      const used = cells.reduce((sum, c) => sum + c.offsetHeight, 0) + gap * Math.max(0, cells.length - 1);
      const slack = el.clientHeight - used;
      setFit((f) => {
        const base = f ?? el.clientHeight / (2 * charts);
        const next = Math.min(el.clientHeight, Math.max(MIN_CHART, Math.floor(base + slack / charts)));
        // Too tall: always shrink; a pixel or two to spare: keep (no endless one-pixel steps).
        return f !== null && next >= f && next - f < 3 ? f : next;
      });
    };
    const ro = new ResizeObserver(adjust);
    ro.observe(el);
    for (const c of el.children) ro.observe(c);
    return () => ro.disconnect();
  }, [charts, layout]);
  return { grid, fit };
}

export function Stage(props: { lab: LabContext; step: LessonStep; comparison: ComparisonViewProps | null }) {
  const { lab, step, comparison } = props;
  const panels = runPanels(lab.run);
  const figures = step.stage.flatMap((f): { figure: StageFigure; node: ReactNode }[] => {
    if ('panel' in f) {
      const panel = panels.find((p) => p.id === f.panel);
      return panel ? [{ figure: f, node: <LabPanel panel={panel} lab={lab} /> }] : [];
    }
    return comparison ? [{ figure: f, node: <ComparisonStagePart {...comparison} part={f} /> }] : [];
  });
  const { grid, fit } = useSharedFit(
    figures.filter(({ figure }) => !('table' in figure)).length,
    figures.map(({ figure }) => JSON.stringify(figure)).join(' '),
  );
  return (
    <HighlightContext.Provider value={new Set()}>
      <FigureScale.Provider value={STAGE_FIGURE_SCALE}>
        <div className="stage-grid" data-count={figures.length} ref={grid}>
          {figures.map(({ figure, node }) => (
            <div className="stage-cell" key={JSON.stringify(figure)}>
              <FigureHeight.Provider value={'table' in figure ? null : fit}>{node}</FigureHeight.Provider>
            </div>
          ))}
          {!figures.length && (
            <p className="muted">This step points at figures that appear once it has run.</p>
          )}
        </div>
      </FigureScale.Provider>
    </HighlightContext.Provider>
  );
}
