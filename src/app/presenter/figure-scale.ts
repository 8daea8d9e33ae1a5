import { createContext, useContext } from 'react';

/**
 * How much larger than its own units a figure is drawn: 1 in the lab; on the presenter's stage, enough that a
 * figure's smallest text (10 units) is 18 px on screen. SVG figures lay out at (their width / scale) units and
 * the stage stretches them to its width; Plotly figures scale their fonts.
 */
export const FigureScale = createContext(1);

/** The stage's scale: 10-unit figure text at 18 px. */
export const STAGE_FIGURE_SCALE = 18 / 10;

/**
 * On the stage, the height in px a figure's chart takes so that its cell (title, chart, the numbers under it)
 * fills its share of the screen without scrolling; null in the lab, where each figure keeps its own height.
 */
export const FigureHeight = createContext<number | null>(null);

/** Whether a figure is drawn on the presenter's stage (its compact form: the chart and what it plots). */
export const useOnStage = () => useContext(FigureScale) !== 1;
