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
const MIN_CHART = 80;

/** Panels drawn as a square picture (a plane of the weights): they get a larger share of the height. */
const SQUARE: readonly string[] = ['landscape-2d', 'trajectory'];
const weight = (f: StageFigure) => ('table' in f ? 0 : 'panel' in f && SQUARE.includes(f.panel) ? 1.6 : 1);

/**
 * The height a chart of weight 1 gets on the stage (a square picture 1.6 times that): the stage's height less
 * what the rest of each figure (title, legend strip, the numbers under it) and the tables take, shared by
 * weight. Found by measuring: the grid
 * re-measures whenever it or a figure changes size, and settles once they fit; `layout` names the figures
 * (another step's are other cells to watch).
 */
function useSharedFit(weights: number, layout: string) {
  const grid = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<number | null>(null);
  useEffect(() => {
    const el = grid.current;
    if (!el || !weights || typeof ResizeObserver === 'undefined') return;
    const adjust = () => {
      const cells = [...el.children].filter((c): c is HTMLElement => c instanceof HTMLElement);
      const gap = parseFloat(getComputedStyle(el).rowGap) || 0;
      const used = cells.reduce((sum, c) => sum + c.offsetHeight, 0) + gap * Math.max(0, cells.length - 1);
      const slack = el.clientHeight - used;
      setFit((f) => {
        const base = f ?? el.clientHeight / (2 * weights);
        const next = Math.min(el.clientHeight, Math.max(MIN_CHART, Math.floor(base + slack / weights)));
        // Too tall: always shrink; a pixel or two to spare: keep (no endless one-pixel steps).
        return f !== null && next >= f && next - f < 3 ? f : next;
      });
    };
    const ro = new ResizeObserver(adjust);
    ro.observe(el);
    for (const c of el.children) ro.observe(c);
    return () => ro.disconnect();
  }, [weights, layout]);
  return { grid, fit };
}

export function Stage(props: { lab: LabContext; step: LessonStep; comparison: ComparisonViewProps | null }) {
  const { lab, step, comparison } = props;
  const panels = runPanels(lab.run);
  const figures = step.stage.flatMap((f): { figure: StageFigure; node: ReactNode }[] => {
    if ('panel' in f) {
      const panel = panels.find((p) => p.id === f.panel);
      const shown = panel && { ...panel, title: panel.stageTitle ?? panel.title };
      return shown ? [{ figure: f, node: <LabPanel panel={shown} lab={lab} /> }] : [];
    }
    return comparison ? [{ figure: f, node: <ComparisonStagePart {...comparison} part={f} /> }] : [];
  });
  const { grid, fit } = useSharedFit(
    figures.reduce((sum, { figure }) => sum + weight(figure), 0),
    figures.map(({ figure }) => JSON.stringify(figure)).join(' '),
  );
  return (
    <HighlightContext.Provider value={new Set()}>
      <FigureScale.Provider value={STAGE_FIGURE_SCALE}>
        <div className="stage-grid" data-count={figures.length} ref={grid}>
          {figures.map(({ figure, node }) => (
            <div className="stage-cell" key={JSON.stringify(figure)}>
              <FigureHeight.Provider
                value={fit === null || !weight(figure) ? null : Math.floor(fit * weight(figure))}
              >
                {node}
              </FigureHeight.Provider>
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
