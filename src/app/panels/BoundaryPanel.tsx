import { useMemo, useState } from 'react';
import { boundaryExtent, type Extent } from '../../worker/geometry';
import type { BoundaryGrid, DatasetView } from '../../worker/protocol';
import type { Theme } from '../theme/themes';
import {
  type PlaneOverlay,
  PlaneFigure,
  PlaneLegend,
  drawPoint,
  heatmapCanvas,
  nonFiniteCells,
  planeExporters,
  planeSvg,
  pointSvg,
  radiusFor,
} from './boundary-figure';
import { usePanelExports } from './PanelFrame';
import { NonFiniteNote } from '../svg/figure';
import { Folded } from './Folded';
import type { PanelProps } from './types';

type Split = 'train' | 'test';

interface Points {
  x: Float32Array;
  y: Int32Array;
  pred: Uint8Array | null;
}

function pointsOf(dataset: DatasetView, boundary: BoundaryGrid | null, split: Split): Points | null {
  const p = dataset.points;
  if (!p) return null;
  return split === 'train'
    ? { x: p.xTrain, y: p.yTrain, pred: boundary?.predTrain ?? null }
    : { x: p.xTest, y: p.yTest, pred: boundary?.predTest ?? null };
}

/** The data points over the boundary; misclassified ones last, so their rings are on top. */
function pointsOverlay(pts: Points | null, wrong: number[], theme: Theme): PlaneOverlay {
  const order = () => {
    if (!pts) return [] as number[];
    const right: number[] = [];
    for (let i = 0; i < pts.y.length; i++) if (!pts.pred || pts.pred[i] === pts.y[i]) right.push(i);
    return [...right, ...wrong];
  };
  const isWrong = (i: number) => pts?.pred != null && pts.pred[i] !== pts.y[i];
  return {
    draw(ctx, { sx, sy }) {
      if (!pts) return;
      const r = radiusFor(pts.y.length);
      for (const i of order())
        drawPoint(
          ctx,
          sx(pts.x[2 * i]),
          sy(pts.x[2 * i + 1]),
          r,
          theme.chart.classes[pts.y[i] % 10],
          isWrong(i),
          theme,
        );
    },
    svg({ sx, sy }) {
      if (!pts) return [];
      const r = radiusFor(pts.y.length);
      return order().map((i) =>
        pointSvg(
          sx(pts.x[2 * i]),
          sy(pts.x[2 * i + 1]),
          r,
          theme.chart.classes[pts.y[i] % 10],
          isWrong(i),
          theme,
        ),
      );
    },
  };
}

export function BoundaryPanel({ run, theme }: PanelProps) {
  const [split, setSplit] = useState<Split>('test');
  const dataset = run.dataset;
  const boundary = run.boundary;

  const extent = useMemo<Extent | null>(() => {
    if (boundary) return boundary.extent;
    if (dataset?.points) return boundaryExtent(dataset.points.xTrain, dataset.points.xTest);
    return null;
  }, [boundary, dataset]);
  const heat = useMemo(() => (boundary ? heatmapCanvas(boundary, theme) : null), [boundary, theme]);
  const pts = useMemo(
    () => (dataset ? pointsOf(dataset, boundary, split) : null),
    [dataset, boundary, split],
  );

  const wrong = useMemo(() => {
    if (!pts?.pred) return [] as number[];
    const out: number[] = [];
    for (let i = 0; i < pts.y.length; i++) if (pts.pred[i] !== pts.y[i]) out.push(i);
    return out;
  }, [pts]);

  const overlay = useMemo(() => pointsOverlay(pts, wrong, theme), [pts, wrong, theme]);

  const title = `${dataset?.name ?? ''} · ${split} split · epoch ${boundary?.epoch ?? 0}`;
  const exporters = useMemo(
    () =>
      extent && pts
        ? planeExporters(() => planeSvg(extent, heat, overlay, theme, title), title, 'boundary')
        : null,
    [extent, heat, overlay, pts, theme, title],
  );
  usePanelExports(exporters);

  if (!dataset) return <p className="placeholder">Preparing the data…</p>;
  const n = pts?.y.length ?? 0;
  const classOneShare = boundary && boundary.numClasses === 2 ? shareAbove(boundary) : null;
  return (
    <div className="boundary">
      <div className="boundary-controls" role="radiogroup" aria-label="Which points to show">
        {(['train', 'test'] as const).map((s) => (
          <label key={s}>
            <input
              type="radio"
              name={`boundary-split-${run.id}`}
              value={s}
              checked={split === s}
              onChange={() => setSplit(s)}
              data-testid={`boundary-split-${s}`}
            />
            {s === 'train' ? `Training points (${dataset.trainCount})` : `Test points (${dataset.testCount})`}
          </label>
        ))}
      </div>
      {extent && (
        <PlaneFigure
          extent={extent}
          heat={heat}
          overlay={overlay}
          theme={theme}
          ariaLabel={`Decision boundary of the model over the ${split} points; ${wrong.length} of ${n} misclassified.`}
          testId="boundary-canvas"
        />
      )}
      <NonFiniteNote count={boundary ? nonFiniteCells(boundary) : 0} />
      <PlaneLegend theme={theme} numClasses={dataset.numClasses} />
      <p className="chart-summary" data-testid="boundary-summary">
        {boundary
          ? `Epoch ${boundary.epoch}: ${wrong.length} of ${n} ${split} points misclassified (ringed)` +
            (classOneShare !== null
              ? `; the model predicts class 1 on ${(classOneShare * 100).toFixed(0)}% of the plotted area.`
              : '.')
          : 'The model has not been evaluated yet.'}
      </p>
      {wrong.length > 0 && pts && (
        <Folded summary={`Misclassified ${split} points (table)`}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">x₁</th>
                <th scope="col">x₂</th>
                <th scope="col">label</th>
                <th scope="col">predicted</th>
              </tr>
            </thead>
            <tbody>
              {wrong.slice(0, 50).map((i) => (
                <tr key={i}>
                  <td>{i}</td>
                  <td>{pts.x[2 * i].toFixed(3)}</td>
                  <td>{pts.x[2 * i + 1].toFixed(3)}</td>
                  <td>{pts.y[i]}</td>
                  <td>{pts.pred?.[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {wrong.length > 50 && <p>… and {wrong.length - 50} more.</p>}
        </Folded>
      )}
    </div>
  );
}

function shareAbove(b: BoundaryGrid): number {
  let k = 0;
  const cells = b.size * b.size;
  for (let i = 0; i < cells; i++) if (b.probs[i * 2 + 1] > 0.5) k++;
  return k / cells;
}
