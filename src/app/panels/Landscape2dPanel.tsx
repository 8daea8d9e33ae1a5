/**
 * The 2-D loss landscape f(α, β) = L(θ + α·d₁ + β·d₂) (docs/methods/landscapes.md#2-d-surfaces; analysis `landscape-2d`): contour,
 * heat map or 3-D surface, the current model at (0, 0) and the training path projected on the plane. The
 * picture is progressive (the coarse subgrid of a computation in progress first, refined in place), plays
 * back over the epochs that have one, and stops asking for work while scrolled out of view.
 */
import { type Ref, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import { coarseAxisIndices } from '../../core/analysis/grid';
import { toCsv } from '../export';
import { PlotOr } from '../plotly/LazyPlot';
import { hasWebgl, useWebglSlot } from '../plotly/webgl';
import type { Theme } from '../theme/themes';
import { FoldedTable, LogScaleToggle } from './landscape/common-controls';
import { GridFigure, type GridView } from '../svg/GridFigure';
import { countNonFinite } from '../svg/figure';
import { EpochScrubber } from './landscape/EpochScrubber';
import { type CsvFile, useFigureExports } from './figure-exports';
import { viridis } from './landscape/colors';
import {
  COLOUR_CAP,
  colourTicks,
  extremes,
  fillGaps,
  type LandscapeFrame,
  log10,
  logTicks,
  type LossColours,
  lossColours,
  workersSentence,
} from './landscape/frames';
import { useOnScreen } from './landscape/hooks';
import { LandscapeControls } from './landscape/LandscapeControls';
import { useLandscapePicture } from './landscape/picture';
import { fmt, toMatrix } from './landscape/records';
import { SharpnessReadout } from './landscape/SharpnessReadout';
import './landscape/landscape.css';
import type { PanelProps } from './types';
import { plotlyAxis, plotlyPaper } from '../plotly/paper';

const ID = 'landscape-2d';
type View = 'contour' | 'heatmap' | 'surface';
const VIEWS: { id: View; label: string }[] = [
  { id: 'contour', label: 'Contours' },
  { id: 'heatmap', label: 'Heat map' },
  { id: 'surface', label: '3-D surface' },
];

/** The colour range of one split over the given frames (all recorded epochs: playback compares like with like). */
function colourScale(frames: LandscapeFrame[], split: string, log: boolean): LossColours {
  const arrays = frames.flatMap((f) => {
    const i = f.splits.indexOf(split);
    return i < 0 ? [] : [f.loss[i]];
  });
  return lossColours(arrays, log);
}

/**
 * The Plotly figure of a view: the 3-D surface (WebGL), or on request the contours / heat map with zoom and
 * pan (each redraw of those costs tens of ms on the main thread, so the SVG picture is the default).
 */
function plotlyFigure(
  frame: LandscapeFrame,
  split: number,
  view: View,
  scale: LossColours,
  theme: Theme,
  showPath: boolean,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const c = theme.chart;
  const betas = frame.betas ?? [0];
  const z = toMatrix(frame.loss[split], betas.length, frame.alphas.length, scale.log ? log10 : (v) => v);
  const ticks = scale.log ? logTicks(scale.lo, scale.hi) : {};
  const colorbar = {
    title: { text: scale.log ? 'loss (log)' : 'loss', side: 'right' as const },
    thickness: 12,
    len: 0.9,
    tickfont: { color: c.muted },
    ...ticks,
  };
  const common = {
    x: frame.alphas,
    y: betas,
    z,
    colorscale: 'Viridis',
    hovertemplate: `α %{x:.3f}, β %{y:.3f}<br>${scale.log ? 'log₁₀ ' : ''}loss %{z:.4f}<extra></extra>`,
  };
  const span = Math.max(...frame.alphas.map(Math.abs));
  const axis = { ...plotlyAxis(theme), range: [-span, span] as [number, number] };
  const base: Partial<Layout> = {
    height: 400,
    margin: { l: 52, r: 10, t: 10, b: 44 },
    ...plotlyPaper(theme),
    showlegend: true,
    legend: { orientation: 'h', y: -0.16, x: 0 },
    uirevision: 'landscape-2d',
  };
  if (view === 'surface') {
    const centre = frame.result?.values[split]?.center.loss;
    return {
      data: [
        {
          ...common,
          type: 'surface',
          cmin: scale.lo,
          cmax: scale.hi,
          colorbar,
          showlegend: false,
          // The lines α = 0 and β = 0 cross at the current model.
          contours: {
            x: { show: true, start: 0, end: 0, size: 1, color: c.test, width: 4 },
            y: { show: true, start: 0, end: 0, size: 1, color: c.test, width: 4 },
          },
        } as Partial<Data>,
      ],
      layout: {
        ...base,
        showlegend: false,
        margin: { l: 0, r: 0, t: 0, b: 0 },
        scene: {
          xaxis: { title: { text: 'α' }, color: c.muted, gridcolor: c.grid },
          yaxis: { title: { text: 'β' }, color: c.muted, gridcolor: c.grid },
          zaxis: { title: { text: scale.log ? 'log₁₀ loss' : 'loss' }, color: c.muted, gridcolor: c.grid },
          camera: { eye: { x: 1.5, y: -1.5, z: 1.0 } },
          aspectmode: 'manual',
          aspectratio: { x: 1, y: 1, z: 0.7 },
          annotations:
            centre !== undefined && Number.isFinite(centre)
              ? [
                  {
                    x: 0,
                    y: 0,
                    z: scale.log ? log10(centre) : centre,
                    text: 'θ',
                    showarrow: true,
                    arrowcolor: c.text,
                    font: { color: c.text },
                  },
                ]
              : [],
        } as Layout['scene'],
      },
    };
  }
  const surface: Partial<Data> =
    view === 'contour'
      ? ({
          ...common,
          type: 'contour',
          zmin: scale.lo,
          zmax: scale.hi,
          zauto: false,
          ncontours: 20,
          connectgaps: true,
          contours: { coloring: 'fill', showlines: true },
          line: { width: 0.5, color: 'rgba(255,255,255,0.35)' },
          colorbar,
          name: 'loss',
          showlegend: false,
        } as Partial<Data>)
      : ({
          ...common,
          type: 'heatmap',
          zmin: scale.lo,
          zmax: scale.hi,
          zauto: false,
          colorbar,
          name: 'loss',
          showlegend: false,
        } as Partial<Data>);
  const traces: Partial<Data>[] = [surface];
  const path = frame.result?.path;
  if (showPath && path && path.x.length > 1)
    traces.push({
      type: 'scatter',
      mode: 'lines+markers',
      x: path.x,
      y: path.y,
      text: path.epochs.map((e) => `epoch ${e}`),
      name: 'training path (projected)',
      line: { color: c.test, width: 1.5 },
      marker: { size: 5, color: c.test },
      hovertemplate: '%{text}: (%{x:.3f}, %{y:.3f})<extra></extra>',
      cliponaxis: true,
    });
  traces.push({
    type: 'scatter',
    mode: 'markers',
    x: [0],
    y: [0],
    name: `θ, the model at epoch ${frame.epoch}`,
    marker: { symbol: 'x-thin', size: 14, color: c.text, line: { width: 3, color: c.text } },
    hovertemplate: `the model (epoch ${frame.epoch})<extra></extra>`,
  });
  return {
    data: traces,
    layout: {
      ...base,
      xaxis: { ...axis, title: { text: 'α (direction d₁)' } },
      yaxis: { ...axis, title: { text: 'β (direction d₂)' }, scaleanchor: 'x', scaleratio: 1 },
    },
  };
}

/** The contour or heat-map picture of one split (SVG): the model at (0, 0), the training path on top. */
function PlaneView(props: {
  frame: LandscapeFrame;
  split: number;
  view: GridView;
  scale: LossColours;
  theme: Theme;
  showPath: boolean;
  svgRef: Ref<SVGSVGElement>;
}) {
  const { frame, split, view, scale, theme } = props;
  const betas = frame.betas ?? [0];
  const values = useMemo(() => {
    const drawn = Array.from(frame.loss[split], (v) => (scale.log && Number.isFinite(v) ? log10(v) : v));
    // Contours need a value everywhere; the heat map shows the points not evaluated (yet) as gaps.
    return view === 'contour' ? fillGaps(drawn, frame.alphas.length, betas.length) : drawn;
  }, [frame, split, scale.log, view, betas.length]);
  const path = frame.result?.path;
  return (
    <GridFigure
      xs={frame.alphas}
      ys={betas}
      values={values}
      lo={scale.lo}
      hi={scale.hi}
      colour={viridis}
      colourTicks={colourTicks(scale.lo, scale.hi, scale.log)}
      colourTitle={scale.log ? 'loss (log)' : 'loss'}
      view={view}
      path={
        props.showPath && path && path.x.length > 1
          ? {
              x: path.x,
              y: path.y,
              labels: path.x.map(() => ''),
              titles: path.epochs.map((e, i) => `epoch ${e}: (${fmt(path.x[i], 3)}, ${fmt(path.y[i], 3)})`),
              name: 'training path (projected)',
              colour: theme.chart.test,
            }
          : undefined
      }
      marker={{ x: 0, y: 0, name: `θ, the model at epoch ${frame.epoch}` }}
      nonFinite={frame.stage === 'complete' ? countNonFinite([frame.loss[split]]) : 0}
      xLabel="α (direction d₁)"
      yLabel="β (direction d₂)"
      format={(v) => `loss ${fmt(scale.log ? 10 ** v : v)}`}
      theme={theme}
      svgRef={props.svgRef}
      ariaLabel={`Loss landscape around the model at epoch ${frame.epoch}: ${view === 'contour' ? 'contours' : 'heat map'}. The summary below and the table have the numbers.`}
      testId="landscape2d-figure"
    />
  );
}

function gridCsv(frame: LandscapeFrame): CsvFile {
  const betas = frame.betas ?? [0];
  const header = ['alpha', 'beta', ...frame.splits.flatMap((s) => [`${s}_loss`, `${s}_accuracy`])];
  const rows: unknown[][] = [];
  betas.forEach((b, j) =>
    frame.alphas.forEach((a, i) => {
      const p = j * frame.alphas.length + i;
      rows.push([a, b, ...frame.splits.flatMap((_, s) => [frame.loss[s][p], frame.acc?.[s][p] ?? ''])]);
    }),
  );
  return { text: toCsv(header, rows), name: `basin-landscape-2d-epoch${frame.epoch}` };
}

/** The grid as a table: every k-th row and column (about 11 per axis), the centre included. */
function GridTable({ frame, split }: { frame: LandscapeFrame; split: number }) {
  const betas = frame.betas ?? [0];
  const cols = coarseAxisIndices(frame.alphas.length);
  const rows = coarseAxisIndices(betas.length).reverse();
  const sub = cols.length < frame.alphas.length;
  return (
    <FoldedTable
      summary="Loss values (table)"
      caption={
        <>
          {frame.splits[split]} loss at (α, β){sub ? `, every ${cols[1] - cols[0]}th point (CSV: all)` : ''}.
          Rows: β from top (+) to bottom (−); columns: α.
        </>
      }
    >
      <thead>
        <tr>
          <th scope="col">β \ α</th>
          {cols.map((i) => (
            <th key={i} scope="col">
              {frame.alphas[i].toFixed(2)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((j) => (
          <tr key={j}>
            <th scope="row">{betas[j].toFixed(2)}</th>
            {cols.map((i) => {
              const v = frame.loss[split][j * frame.alphas.length + i];
              return <td key={i}>{Number.isFinite(v) ? v.toFixed(3) : '–'}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </FoldedTable>
  );
}

export function Landscape2dPanel({ run, theme, actions }: PanelProps) {
  const [rootRef, visible] = useOnScreen<HTMLDivElement>();
  const { settings, recordFrames, frame, index, setIndex, controls } = useLandscapePicture(
    run,
    actions,
    '2d',
    visible,
  );
  const [view, setView] = useState<View>('contour');
  const [log, setLog] = useState(false);
  const [showPath, setShowPath] = useState(true);
  const [zoomable, setZoomable] = useState(false);
  const [splitName, setSplitName] = useState('train');
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const webgl = useMemo(() => hasWebgl(), []);
  const may3d = useWebglSlot(ID, view === 'surface' && webgl);
  const drawn: View = view === 'surface' && !may3d ? 'contour' : view;

  const split = frame ? Math.max(0, frame.splits.indexOf(splitName)) : 0;
  const splitShown = frame?.splits[split] ?? splitName;
  // One colour range for every epoch, so the playback compares like with like.
  const scale = useMemo(
    () => colourScale(frame ? [...recordFrames, frame] : recordFrames, splitShown, log),
    [recordFrames, frame, splitShown, log],
  );
  // Plotly draws the 3-D surface, and the flat views when asked for zoom and pan; SVG otherwise.
  const plotly = drawn === 'surface' || zoomable;
  const fig = useMemo(
    () => (frame && plotly ? plotlyFigure(frame, split, drawn, scale, theme, showPath) : null),
    [frame, plotly, split, drawn, scale, theme, showPath],
  );

  useFigureExports(plotly ? gd : svg, 'basin-landscape-2d', frame, gridCsv);

  const result = frame?.result ?? null;
  const ext = frame ? extremes(frame.loss[split], frame.alphas, frame.betas) : null;
  const centre = result?.values[split]?.center;
  const epochs = recordFrames.map((f) => f.epoch);
  const stage = frame?.stage ?? 'none';

  return (
    <div
      ref={rootRef}
      className="landscape"
      data-testid="landscape2d"
      data-resolution={frame?.resolution ?? 0}
      data-full-resolution={frame?.fullResolution ?? 0}
      data-stage={stage}
      data-epoch={frame?.epoch ?? ''}
      data-view={drawn}
      data-visible={visible ? 'yes' : 'no'}
    >
      <LandscapeControls {...controls} />
      <div className="landscape-row" role="group" aria-label="Picture">
        <div className="segmented" role="radiogroup" aria-label="View">
          {VIEWS.map((v) => (
            <label
              key={v.id}
              title={v.id === 'surface' && !webgl ? 'WebGL is not available in this browser' : undefined}
            >
              <input
                type="radio"
                name="landscape2d-view"
                value={v.id}
                checked={view === v.id}
                disabled={v.id === 'surface' && !webgl}
                onChange={() => setView(v.id)}
                data-testid={`landscape2d-view-${v.id}`}
              />
              {v.label}
            </label>
          ))}
        </div>
        <LogScaleToggle log={log} onLog={setLog} testId="landscape2d-log" />
        {drawn !== 'surface' && (
          <label className="checkbox-inline">
            <input type="checkbox" checked={showPath} onChange={(e) => setShowPath(e.target.checked)} />
            training path
          </label>
        )}
        {drawn !== 'surface' && (
          <label
            className="checkbox-inline"
            title="Draw with Plotly: drag to zoom, double-click to reset (each redraw holds the page for tens of ms)"
          >
            <input
              type="checkbox"
              checked={zoomable}
              onChange={(e) => setZoomable(e.target.checked)}
              data-testid="landscape2d-zoomable"
            />
            zoom &amp; pan
          </label>
        )}
        {frame && frame.splits.length > 1 && (
          <select
            value={splitShown}
            onChange={(e) => setSplitName(e.target.value)}
            aria-label="Split shown"
            data-testid="landscape2d-split"
          >
            {frame.splits.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </div>
      {view === 'surface' && !webgl && (
        <p className="landscape-note">WebGL is not available here: the contours are shown instead.</p>
      )}
      {view === 'surface' && webgl && !may3d && (
        <p className="landscape-note">Another panel shows a 3-D figure; only one can be open at a time.</p>
      )}
      <div className="landscape-figure">
        {frame && !plotly ? (
          <PlaneView
            frame={frame}
            split={split}
            view={drawn}
            scale={scale}
            theme={theme}
            showPath={showPath}
            svgRef={setSvg}
          />
        ) : (
          <PlotOr
            fig={fig}
            height={400}
            onGraph={setGd}
            plotKey={drawn === 'surface' ? 'gl' : '2d'}
            ariaLabel={`Loss landscape around the model at epoch ${frame?.epoch}: ${drawn}. The summary below and the table have the numbers.`}
          >
            <div className="placeholder landscape-empty">
              {controls.computation.busy
                ? 'Computing the landscape…'
                : 'No landscape yet: train a few epochs and pause, or press Compute now.'}
            </div>
          </PlotOr>
        )}
        {frame && frame.stage !== 'complete' && (
          <span className="landscape-stage" data-testid="landscape2d-stage">
            {frame.stage === 'coarse'
              ? `coarse ${frame.resolution}×${frame.resolution} of ${frame.fullResolution}×${frame.fullResolution}, refining…`
              : frame.stage === 'refine'
                ? `refining: ${frame.evaluated} of ${frame.total} points`
                : `stopped after ${frame.evaluated} of ${frame.total} points`}
          </span>
        )}
      </div>
      <EpochScrubber
        epochs={epochs}
        index={index}
        onIndex={setIndex}
        prefix="landscape"
        shownEpoch={frame?.epoch ?? null}
      />
      {frame && (
        <p className="chart-summary" data-testid="landscape2d-summary">
          Epoch {frame.epoch}, {splitShown} loss on a {frame.resolution}×{frame.resolution} grid over α, β ∈ [
          {fmt(frame.alphas[0], 2)}, {fmt(frame.alphas[frame.alphas.length - 1], 2)}]
          {centre ? `: ${fmt(centre.loss)} at the model (centre)` : ''}
          {ext && Number.isFinite(ext.min.value)
            ? `, lowest ${fmt(ext.min.value)} at (${fmt(ext.min.alpha, 2)}, ${fmt(ext.min.beta, 2)}), highest ${fmt(ext.max.value)} at (${fmt(ext.max.alpha, 2)}, ${fmt(ext.max.beta, 2)})`
            : ''}
          .{scale.clipped ? ` Colours saturate above ${COLOUR_CAP}.` : ''}
          {result
            ? ` ${result.normalization}-normalised directions (seed ${result.directionSeed}), cos(d₁, d₂) = ${fmt(result.cosine ?? NaN, 3)}${result.robust ? `; robust loss under PGD (ε = ${result.robust.epsilon}, ${result.robust.steps} steps, ${result.robust.size} examples)` : ''}; ${result.backend}, ${result.strategy}, ${result.seconds.toFixed(2)} s.${workersSentence(result)}`
            : ''}
        </p>
      )}
      <SharpnessReadout
        run={run}
        actions={actions}
        epoch={frame?.epoch ?? null}
        rises={result?.sharpness ?? null}
        along="d₁, d₂"
        settings={settings}
        testId="landscape2d-sharpness"
        visible={visible}
      />
      {frame && <GridTable frame={frame} split={split} />}
    </div>
  );
}
