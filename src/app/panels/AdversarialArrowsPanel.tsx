import { useMemo } from 'react';
import type { ExamplesResult } from '../../core/analysis/adversarial-examples';
import type { AnalysisRecord } from '../../core/events';
import { boundaryExtent, type Extent } from '../../worker/geometry';
import { downloadText, stamp, toCsv } from '../export';
import type { Theme } from '../theme/themes';
import { ATTACK_CARDS } from '../../core/attacks/cards';
import { AttackBar, useAttackExamples } from './attack-controls';
import {
  type PlaneOverlay,
  type PlaneScales,
  PlaneFigure,
  PlaneLegend,
  drawPoint,
  heatmapCanvas,
  planeExporters,
  planeSvg,
  pointSvg,
} from './boundary-figure';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { fmt, pct } from './use-analysis';
import { isRecordOf } from '../../core/analysis/records';

const R = 3;
const HEAD = 5;

const isPlanar = (r: AnalysisRecord) =>
  isRecordOf(r, 'adversarial-examples') && r.result.inputShape.length === 1;

/** Whether example i was classified right before the attack and wrong after it. */
const flipped = (r: ExamplesResult, i: number) =>
  r.cleanPred[i] === r.labels[i] && r.adversarialPred[i] !== r.labels[i];

interface Arrow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function arrowAt(r: ExamplesResult, i: number, { sx, sy }: PlaneScales): Arrow {
  return {
    x0: sx(r.clean[2 * i]),
    y0: sy(r.clean[2 * i + 1]),
    x1: sx(r.adversarial[2 * i]),
    y1: sy(r.adversarial[2 * i + 1]),
  };
}

/** The arrowhead's two back corners. */
function head(a: Arrow): [number, number, number, number] | null {
  const dx = a.x1 - a.x0;
  const dy = a.y1 - a.y0;
  const len = Math.hypot(dx, dy);
  if (len < 1) return null;
  const ux = dx / len;
  const uy = dy / len;
  const size = Math.min(HEAD, len * 0.6);
  return [
    a.x1 - size * ux + size * 0.5 * uy,
    a.y1 - size * uy - size * 0.5 * ux,
    a.x1 - size * ux - size * 0.5 * uy,
    a.y1 - size * uy + size * 0.5 * ux,
  ];
}

/**
 * Clean points (circles, class colour), an arrow to each adversarial point (diamond, class colour), each
 * ringed when the model gets it wrong. Arrows of attacks that flipped a right answer are drawn bold.
 */
function arrowsOverlay(r: ExamplesResult | null, theme: Theme): PlaneOverlay {
  const n = r ? r.labels.length : 0;
  const colour = (i: number) => theme.chart.classes[r!.labels[i] % 10];
  const strokeOf = (i: number) => (flipped(r!, i) ? 1.8 : 0.9);
  const alphaOf = (i: number) => (flipped(r!, i) ? 1 : 0.55);
  const diamond = (x: number, y: number, s: number) =>
    `${x},${y - s} ${x + s},${y} ${x},${y + s} ${x - s},${y}`;
  return {
    draw(ctx, scales) {
      if (!r) return;
      for (let i = 0; i < n; i++) {
        const a = arrowAt(r, i, scales);
        ctx.globalAlpha = alphaOf(i);
        ctx.strokeStyle = theme.chart.text;
        ctx.fillStyle = theme.chart.text;
        ctx.lineWidth = strokeOf(i);
        ctx.beginPath();
        ctx.moveTo(a.x0, a.y0);
        ctx.lineTo(a.x1, a.y1);
        ctx.stroke();
        const h = head(a);
        if (h) {
          ctx.beginPath();
          ctx.moveTo(a.x1, a.y1);
          ctx.lineTo(h[0], h[1]);
          ctx.lineTo(h[2], h[3]);
          ctx.closePath();
          ctx.fill();
        }
      }
      ctx.globalAlpha = 1;
      for (let i = 0; i < n; i++) {
        const a = arrowAt(r, i, scales);
        drawPoint(ctx, a.x0, a.y0, R, colour(i), r.cleanPred[i] !== r.labels[i], theme);
        const wrong = r.adversarialPred[i] !== r.labels[i];
        ctx.beginPath();
        ctx.moveTo(a.x1, a.y1 - R - 1);
        ctx.lineTo(a.x1 + R + 1, a.y1);
        ctx.lineTo(a.x1, a.y1 + R + 1);
        ctx.lineTo(a.x1 - R - 1, a.y1);
        ctx.closePath();
        ctx.fillStyle = colour(i);
        ctx.fill();
        ctx.lineWidth = wrong ? 1.8 : 0.6;
        ctx.strokeStyle = wrong ? theme.chart.error : theme.chart.background;
        ctx.stroke();
      }
    },
    svg(scales) {
      if (!r) return [];
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const a = arrowAt(r, i, scales);
        const h = head(a);
        out.push(
          `<g opacity="${alphaOf(i)}"><line x1="${a.x0.toFixed(2)}" y1="${a.y0.toFixed(2)}" x2="${a.x1.toFixed(2)}" y2="${a.y1.toFixed(2)}" stroke="${theme.chart.text}" stroke-width="${strokeOf(i)}"/>` +
            (h
              ? `<polygon points="${a.x1.toFixed(2)},${a.y1.toFixed(2)} ${h.map((v) => v.toFixed(2)).join(' ')}" fill="${theme.chart.text}"/>`
              : '') +
            '</g>',
        );
      }
      for (let i = 0; i < n; i++) {
        const a = arrowAt(r, i, scales);
        const wrong = r.adversarialPred[i] !== r.labels[i];
        out.push(pointSvg(a.x0, a.y0, R, colour(i), r.cleanPred[i] !== r.labels[i], theme));
        out.push(
          `<polygon points="${diamond(a.x1, a.y1, R + 1)}" fill="${colour(i)}" stroke="${wrong ? theme.chart.error : theme.chart.background}" stroke-width="${wrong ? 1.8 : 0.6}"/>`,
        );
      }
      return out;
    },
  };
}

function examplesCsv(r: ExamplesResult): string {
  return toCsv(
    [
      'test_index',
      'label',
      'x1',
      'x2',
      'adv_x1',
      'adv_x2',
      'clean_pred',
      'adv_pred',
      'delta_linf',
      'delta_l2',
    ],
    Array.from(r.labels, (label, i) => [
      r.indices[i],
      label,
      r.clean[2 * i],
      r.clean[2 * i + 1],
      r.adversarial[2 * i],
      r.adversarial[2 * i + 1],
      r.cleanPred[i],
      r.adversarialPred[i],
      r.perturbationLinf[i],
      r.perturbationL2[i],
    ]),
  );
}

/** Accuracy before and after the attack, and how many right answers it flipped. */
export function examplesSummary(r: ExamplesResult) {
  const n = r.labels.length;
  let clean = 0;
  let robust = 0;
  let flips = 0;
  for (let i = 0; i < n; i++) {
    if (r.cleanPred[i] === r.labels[i]) clean++;
    if (r.adversarialPred[i] === r.labels[i]) robust++;
    if (flipped(r, i)) flips++;
  }
  return { n, cleanAcc: clean / Math.max(n, 1), robustAcc: robust / Math.max(n, 1), flips };
}

export const attackName = (r: ExamplesResult) =>
  `${ATTACK_CARDS[r.attack].label}, ε = ${r.epsilon}${ATTACK_CARDS[r.attack].uses.steps ? `, K = ${r.steps}` : ''}`;

export function AdversarialArrowsPanel({ run, theme, actions }: PanelProps) {
  const { choice, setChoice, state, r } = useAttackExamples(run, actions, 100, isPlanar);
  const dataset = run.dataset;
  const boundary = run.boundary;
  const extent = useMemo<Extent | null>(() => {
    if (boundary) return boundary.extent;
    if (dataset?.points) return boundaryExtent(dataset.points.xTrain, dataset.points.xTest);
    return null;
  }, [boundary, dataset]);
  // Only drawn with a result, so the heat map is not rebuilt for nothing while training.
  const hasResult = r !== null;
  const heat = useMemo(
    () => (boundary && hasResult ? heatmapCanvas(boundary, theme) : null),
    [boundary, hasResult, theme],
  );
  const overlay = useMemo(() => arrowsOverlay(r, theme), [r, theme]);
  const title = r
    ? `${dataset?.name ?? ''} · ${attackName(r)} · ${r.labels.length} test points · attack at epoch ${state.latest!.epoch}, boundary at epoch ${boundary?.epoch ?? 0}`
    : '';
  const exporters = useMemo(
    () =>
      extent && r
        ? {
            ...planeExporters(
              () => planeSvg(extent, heat, overlay, theme, title),
              title,
              'adversarial-arrows',
            ),
            csv: () => downloadText(examplesCsv(r), `basin-adversarial-points-${stamp()}.csv`, 'text/csv'),
          }
        : null,
    [extent, heat, overlay, r, theme, title],
  );
  usePanelExports(exporters);

  if (!dataset) return <p className="placeholder">Preparing the data…</p>;
  const s = r ? examplesSummary(r) : null;
  const maxCount = Math.min(dataset.testCount, 2000);
  return (
    <div className="adversarial-arrows">
      <AttackBar
        run={run}
        // The default of 100 points never asks for more than the test split has (the field shows what runs).
        choice={choice.count > maxCount ? { ...choice, count: maxCount } : choice}
        onChange={setChoice}
        state={state}
        maxEpsilon={5}
        maxCount={maxCount}
        countLabel="Test points"
        label="Attack these points"
        testId="arrows"
      />
      {/* Until a result exists the figure would only repeat the boundary panel. */}
      {extent && r && (
        <PlaneFigure
          extent={extent}
          heat={heat}
          overlay={overlay}
          theme={theme}
          ariaLabel={
            s && r
              ? `${s.n} test points with arrows to their adversarial versions under ${attackName(r)}: accuracy ${pct(s.cleanAcc)} clean, ${pct(s.robustAcc)} attacked. The table below lists every point.`
              : 'The decision boundary; no adversarial points computed yet.'
          }
          testId="arrows-canvas"
        />
      )}
      {r && (
        <PlaneLegend theme={theme} numClasses={dataset.numClasses}>
          <span className="legend-item">
            <svg width="34" height="12">
              <circle cx="5" cy="6" r="3.5" fill={theme.chart.muted} />
              <line x1="9" y1="6" x2="24" y2="6" stroke={theme.chart.text} strokeWidth="1.2" />
              <polygon points="28,6 24,3 24,9" fill={theme.chart.text} />
              <polygon points="30,2 34,6 30,10 26,6" fill={theme.chart.muted} />
            </svg>
            clean → adversarial (bold: the attack flipped a right answer)
          </span>
        </PlaneLegend>
      )}
      <p className="chart-summary" data-testid="arrows-summary" data-value={s ? s.robustAcc : ''}>
        {s && r
          ? `${attackName(r)} on ${s.n} test points (model after epoch ${state.latest!.epoch}): accuracy ${pct(s.cleanAcc)} clean → ${pct(s.robustAcc)} attacked; ${s.flips} right answers flipped. The background is the model after epoch ${boundary?.epoch ?? 0}.`
          : 'Pick an attack and ε, then press "Attack these points". Each test point gets an arrow to its adversarial version.'}
      </p>
      {r && (
        <details className="table-alt">
          <summary>The points and their adversarial versions (table)</summary>
          <table data-testid="arrows-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">label</th>
                <th scope="col">x</th>
                <th scope="col">x′ (attacked)</th>
                <th scope="col">pred. clean</th>
                <th scope="col">pred. attacked</th>
                <th scope="col">‖δ‖∞</th>
              </tr>
            </thead>
            <tbody>
              {Array.from(r.labels.slice(0, 100), (label, i) => (
                <tr key={i}>
                  <td>{r.indices[i]}</td>
                  <td>{label}</td>
                  <td>
                    ({fmt(r.clean[2 * i], 3)}, {fmt(r.clean[2 * i + 1], 3)})
                  </td>
                  <td>
                    ({fmt(r.adversarial[2 * i], 3)}, {fmt(r.adversarial[2 * i + 1], 3)})
                  </td>
                  <td>{r.cleanPred[i]}</td>
                  <td>{r.adversarialPred[i]}</td>
                  <td>{fmt(r.perturbationLinf[i], 3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.labels.length > 100 && <p>… and {r.labels.length - 100} more (CSV has all).</p>}
        </details>
      )}
    </div>
  );
}
