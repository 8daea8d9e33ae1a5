/**
 * LSA's moons figure (docs/methods/lsa.md#figures figure 4): the decision boundary with one clean test point (yellow)
 * and its adversarial twin (red) under the run's training attack, an arrow between them. The twins come
 * from the 'adversarial-examples' analysis; the boundary from the engine's probability grid.
 */
import { interpolateLab } from 'd3';
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { ExamplesResult } from '../../core/analysis/adversarial-examples';
import type { BoundaryGrid } from '../../worker/protocol';
import { toCsv } from '../export';
import { paperName } from '../lsa/naming';
import { PlotOr } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { plotlyPaper } from '../plotly/paper';
import { latestOf } from '../../core/analysis/records';

/** The paper's colours: clean point yellow, adversarial point red (Okabe–Ito yellow and vermillion). */
const CLEAN = '#F0E442';
const ADVERSARIAL = '#D55E00';

/** Twins that flipped a correct prediction first: they are the interesting ones. */
function twinOrder(r: Pick<ExamplesResult, 'labels' | 'cleanPred' | 'adversarialPred'>): number[] {
  const idx = Array.from(r.labels, (_, i) => i);
  const flipped = (i: number) => r.cleanPred[i] === r.labels[i] && r.adversarialPred[i] !== r.labels[i];
  return [...idx.filter(flipped), ...idx.filter((i) => !flipped(i))];
}

function boundaryTraces(grid: BoundaryGrid, theme: Theme): Partial<Data>[] {
  const { size, extent, numClasses, probs } = grid;
  const [x0, x1, y0, y1] = extent;
  const dx = (x1 - x0) / size;
  const dy = (y1 - y0) / size;
  const xs = Array.from({ length: size }, (_, j) => x0 + (j + 0.5) * dx);
  const ys = Array.from({ length: size }, (_, i) => y1 - (i + 0.5) * dy);
  const p1 = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => probs[(i * size + j) * numClasses + 1]),
  );
  const bg = theme.chart.background;
  const [c0, c1] = theme.chart.classes;
  return [
    {
      type: 'heatmap',
      x: xs,
      y: ys,
      z: p1,
      zmin: 0,
      zmax: 1,
      colorscale: [
        [0, interpolateLab(bg, c0)(0.75)],
        [0.5, bg],
        [1, interpolateLab(bg, c1)(0.75)],
      ],
      showscale: false,
      hovertemplate: 'p(class 1) = %{z:.2f}<extra></extra>',
    },
    {
      type: 'contour',
      x: xs,
      y: ys,
      z: p1,
      contours: { start: 0.5, end: 0.5, size: 1, coloring: 'none' },
      line: { color: theme.chart.text, width: 1.5 },
      showscale: false,
      hoverinfo: 'skip',
      name: 'boundary (p = ½)',
    },
  ];
}

export function LsaTwinPanel({ run, theme, actions }: PanelProps) {
  const record = useMemo(() => latestOf(run.analyses, 'adversarial-examples'), [run.analyses]);
  const ex = record?.result;
  const order = useMemo(() => (ex ? twinOrder(ex) : []), [ex]);
  const [pos, setPos] = useState(0);
  const i = order.length ? order[pos % order.length] : -1;
  const grid = run.boundary;
  const points = run.dataset?.points;
  const busy = run.analysisProgress['adversarial-examples'] !== undefined;
  const find = () => actions.runAnalysis('adversarial-examples', { count: 16 });

  const fig = useMemo(() => {
    if (!grid || grid.numClasses !== 2) return null;
    const c = theme.chart;
    const data: Partial<Data>[] = boundaryTraces(grid, theme);
    if (points) {
      const n = points.yTest.length;
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: 'test points',
        x: Array.from({ length: n }, (_, k) => points.xTest[2 * k]),
        y: Array.from({ length: n }, (_, k) => points.xTest[2 * k + 1]),
        marker: { size: 4, color: Array.from(points.yTest, (y) => c.classes[y % 10]), opacity: 0.45 },
        hoverinfo: 'skip',
      });
    }
    const annotations: Partial<Layout>['annotations'] = [];
    if (ex && i >= 0) {
      const [cx, cy] = [ex.clean[2 * i], ex.clean[2 * i + 1]];
      const [ax, ay] = [ex.adversarial[2 * i], ex.adversarial[2 * i + 1]];
      data.push(
        {
          type: 'scatter',
          mode: 'markers',
          name: `clean point (class ${ex.labels[i]}, predicted ${ex.cleanPred[i]})`,
          x: [cx],
          y: [cy],
          marker: { size: 12, color: CLEAN, line: { color: c.text, width: 1.5 } },
        },
        {
          type: 'scatter',
          mode: 'markers',
          name: `adversarial twin (predicted ${ex.adversarialPred[i]})`,
          x: [ax],
          y: [ay],
          marker: { size: 12, color: ADVERSARIAL, symbol: 'diamond', line: { color: c.text, width: 1.5 } },
        },
      );
      annotations.push({
        x: ax,
        y: ay,
        ax: cx,
        ay: cy,
        xref: 'x',
        yref: 'y',
        axref: 'x',
        ayref: 'y',
        showarrow: true,
        arrowhead: 3,
        arrowsize: 1.2,
        arrowwidth: 2,
        arrowcolor: c.text,
        text: '',
      });
    }
    const [x0, x1, y0, y1] = grid.extent;
    const layout: Partial<Layout> = {
      height: 400,
      margin: { l: 44, r: 10, t: 10, b: 80 },
      ...plotlyPaper(theme),
      legend: { orientation: 'h', y: -0.14, x: 0 },
      xaxis: { range: [x0, x1], color: c.muted, title: { text: 'x₁' }, showgrid: false, zeroline: false },
      yaxis: {
        range: [y0, y1],
        color: c.muted,
        title: { text: 'x₂' },
        showgrid: false,
        zeroline: false,
        scaleanchor: 'x',
      },
      annotations,
    };
    return { data, layout };
  }, [grid, points, ex, i, theme]);

  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      ex
        ? () =>
            toCsv(
              ['test_index', 'label', 'x1', 'x2', 'pred', 'adv_x1', 'adv_x2', 'adv_pred', 'linf', 'l2'],
              Array.from(ex.indices, (idx, k) => [
                idx,
                ex.labels[k],
                ex.clean[2 * k],
                ex.clean[2 * k + 1],
                ex.cleanPred[k],
                ex.adversarial[2 * k],
                ex.adversarial[2 * k + 1],
                ex.adversarialPred[k],
                ex.perturbationLinf[k],
                ex.perturbationL2[k],
              ]),
            )
        : null,
    [ex],
  );
  usePlotExports(gd, 'lsa-twin', csv);

  if (run.config.data.kind === 'mnist') return null;
  return (
    <div className="lsa" data-testid="lsa-twin" data-value={i}>
      <div className="row-controls">
        <span className="run-name">
          Run <strong>{paperName(run.config)}</strong>
        </span>
        <button
          type="button"
          onClick={find}
          disabled={busy || run.status === 'creating'}
          data-testid="lsa-twin-find"
        >
          {busy ? 'Attacking…' : ex ? 'Attack again (current weights)' : 'Find adversarial twins'}
        </button>
        <button
          type="button"
          onClick={() => setPos((p) => p + 1)}
          disabled={order.length < 2}
          data-testid="lsa-twin-next"
        >
          Another point
        </button>
      </div>
      <PlotOr
        fig={fig}
        height={400}
        onGraph={setGd}
        ariaLabel="Decision boundary of the model with one clean test point (yellow circle) and its adversarial version (red diamond), an arrow from one to the other."
      >
        <p className="placeholder">The boundary appears once the model has been evaluated.</p>
      </PlotOr>
      <p className="chart-summary" data-testid="lsa-twin-summary">
        {ex && i >= 0
          ? `Test point #${ex.indices[i]} (class ${ex.labels[i]}) is predicted ${ex.cleanPred[i]}; moved by ${ex.attack} (ε = ${ex.epsilon}, ‖δ‖∞ = ${ex.perturbationLinf[i].toFixed(3)}) it is predicted ${ex.adversarialPred[i]}${ex.adversarialPred[i] !== ex.labels[i] ? ' — the attack crossed the boundary' : ' — the attack did not flip it'}. Attacked after epoch ${record!.epoch}${grid && grid.epoch !== record!.epoch ? `; the boundary is after epoch ${grid.epoch}` : ''}.`
          : 'No adversarial twin yet.'}
      </p>
    </div>
  );
}
