import type { Layout } from 'plotly.js';
import type { Theme } from '../theme/themes';

/** A Plotly figure in the page's theme: its background and text (types only: Plotly itself stays lazy). */
export const plotlyPaper = (theme: Theme): Partial<Layout> => ({
  paper_bgcolor: theme.chart.background,
  plot_bgcolor: theme.chart.background,
  font: { color: theme.chart.text, size: 11 },
});

/** An axis in the page's theme (grid, zero line, ticks), with Plotly's automatic margins off. */
export const plotlyAxis = (theme: Theme) => ({
  gridcolor: theme.chart.grid,
  zerolinecolor: theme.chart.grid,
  color: theme.chart.muted,
  automargin: false,
});
