/**
 * Linear interpolation between two models, θ(α) = θ_A + α(θ_B − θ_A), α ∈ [−0.5, 1.5] (docs/methods/landscapes.md#interpolation-between-two-models;
 * analysis `interpolation`): by default from the initial model (epoch 0) to the current one. Loss on the
 * left axis, accuracy on the right, train solid and test dashed.
 */
import { useMemo, useState } from 'react';
import type { InterpolationResult } from '../../core/analysis/interpolation';
import { toCsv } from '../export';
import { LineFigure } from '../svg/LineFigure';
import { SelectField } from '../controls/fields';
import type { Theme } from '../theme/themes';
import {
  ComputeButton,
  FoldedTable,
  hasSnapshots,
  LogScaleToggle,
  NoSnapshotsNote,
} from './landscape/common-controls';
import { ACCURACY_AXIS, splitCurveSeries } from './landscape/curves';
import { type CsvFile, useFigureExports } from './figure-exports';
import { useAnalysisRecords, useFrozenWhenHidden, useOnScreen } from './landscape/hooks';
import { currentEpoch, fmt, progressOf } from './landscape/records';
import './landscape/landscape.css';
import type { PanelProps } from './types';

const ID = 'interpolation';

interface Shown {
  result: InterpolationResult;
  /** Epoch of θ_B (the run's epoch when "current"). */
  toEpoch: number;
}

function figure({ result, toEpoch }: Shown, theme: Theme, runId: number) {
  return {
    series: result.values.flatMap((v) =>
      splitCurveSeries(theme, runId, v.split, result.alphas, v.loss, v.acc),
    ),
    marks: [
      { x: 0, label: `θ_A (epoch ${result.from})` },
      { x: 1, label: `θ_B (epoch ${toEpoch})` },
    ],
  };
}

function lineCsv({ result }: Shown): CsvFile {
  const text = toCsv(
    ['alpha', ...result.values.flatMap((v) => [`${v.split}_loss`, `${v.split}_accuracy`])],
    result.alphas.map((a, i) => [a, ...result.values.flatMap((v) => [v.loss[i], v.acc[i]])]),
  );
  return { text, name: 'basin-interpolation' };
}

/** Rows of the table: about 20 of the points. */
const tableStep = (n: number) => Math.max(1, Math.round((n - 1) / 20));

/**
 * The loss barrier between the two models: the largest excess of L(α), 0 < α < 1, over the straight line
 * between the end losses, (1 − α)·L(θ_A) + α·L(θ_B) (≤ 0: no barrier, the models are linearly connected).
 */
function barrier(result: InterpolationResult, split: number) {
  const v = result.values[split];
  const nearest = (x: number) =>
    result.alphas.reduce((b, a, i) => (Math.abs(a - x) < Math.abs(result.alphas[b] - x) ? i : b), 0);
  const lossA = v.loss[nearest(0)];
  const lossB = v.loss[nearest(1)];
  let height = -Infinity;
  let at = NaN;
  result.alphas.forEach((a, i) => {
    const excess = v.loss[i] - ((1 - a) * lossA + a * lossB);
    if (a > 0 && a < 1 && excess > height) {
      height = excess;
      at = a;
    }
  });
  return { height, at, lossA, lossB };
}

export function InterpolationPanel({ run, theme, actions }: PanelProps) {
  const [rootRef, visible] = useOnScreen<HTMLDivElement>();
  const [from, setFrom] = useState(0);
  const [points, setPoints] = useState(run.config.data.kind === 'mnist' ? 101 : 401);
  const [log, setLog] = useState(false);
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const epoch = currentEpoch(run);
  const snapshots = hasSnapshots(run);
  const request = { from: Math.min(from, epoch), to: -1, points, splits: ['train', 'test'] };
  const { records, computation } = useAnalysisRecords<InterpolationResult>({
    run,
    actions,
    id: ID,
    visible,
    auto: snapshots && epoch > 0 ? request : null,
  });
  const latest = records[records.length - 1];
  const shown = useFrozenWhenHidden<Shown | null>(
    latest
      ? { result: latest.result, toEpoch: latest.result.to < 0 ? latest.epoch : latest.result.to }
      : null,
    visible,
  );
  const fig = useMemo(() => (shown ? figure(shown, theme, run.id) : null), [shown, theme, run.id]);
  const progress = progressOf(run, ID);

  useFigureExports(svg, 'basin-interpolation', shown, lineCsv);

  const epochOptions = Array.from({ length: Math.max(epoch, 1) }, (_, e) => ({
    value: String(e),
    label: `epoch ${e}`,
  }));
  return (
    <div
      ref={rootRef}
      className="landscape"
      data-testid="interpolation"
      data-visible={visible ? 'yes' : 'no'}
    >
      <div className="landscape-row">
        <SelectField
          label="From θ_A"
          value={String(Math.min(from, Math.max(epoch - 1, 0)))}
          options={epochOptions}
          onChange={(v) => setFrom(Number(v))}
          testId="interpolation-from"
          hint="The snapshot the line starts from (α = 0)"
        />
        <span className="landscape-note">to θ_B = the current model (epoch {epoch})</span>
        <SelectField
          label="Points"
          value={String(points)}
          options={[51, 101, 201, 401].map((n) => ({ value: String(n), label: String(n) }))}
          onChange={(v) => setPoints(Number(v))}
          testId="interpolation-points"
        />
        <ComputeButton
          computation={computation}
          enabled={snapshots && epoch > 0}
          onCompute={() => computation.compute(request)}
          fraction={progress ? progress.fraction : null}
          testId="interpolation-compute"
          title={
            !snapshots
              ? 'Needs the snapshots of this run (Keep snapshots, in Training)'
              : epoch === 0
                ? 'Train at least one epoch first'
                : 'Evaluate the straight line between the two models'
          }
        />
        <LogScaleToggle log={log} onLog={setLog} />
      </div>
      <NoSnapshotsNote
        run={run}
        liveHint='This run keeps no snapshots; switch on "Keep snapshots" (Training) to interpolate between epochs.'
      />
      {fig && shown ? (
        <LineFigure
          {...fig}
          xLabel="α  (θ_A + α·(θ_B − θ_A))"
          leftLabel="loss"
          leftLog={log}
          right={ACCURACY_AXIS}
          theme={theme}
          svgRef={setSvg}
          testId="interpolation-figure"
          height={300}
          ariaLabel={`Loss and accuracy on the straight line from the model at epoch ${shown.result.from} to the model at epoch ${shown.toEpoch}.`}
        />
      ) : (
        <div className="placeholder landscape-empty small">
          {computation.busy
            ? 'Computing…'
            : 'Train a few epochs and pause: the line from the initial to the current model appears here.'}
        </div>
      )}
      {shown && (
        <p className="chart-summary" data-testid="interpolation-summary">
          {shown.result.values
            .map((v, k) => {
              const b = barrier(shown.result, k);
              const hill =
                b.height > 0
                  ? `a barrier ${fmt(b.height)} above the straight line between them at α = ${fmt(b.at, 2)}`
                  : 'no barrier (the loss stays on or below the straight line between them)';
              return `${v.split}: loss ${fmt(b.lossA)} at θ_A, ${fmt(b.lossB)} at θ_B, ${hill}`;
            })
            .join('; ')}
          . {shown.result.alphas.length} points, {shown.result.backend}, {shown.result.seconds.toFixed(2)} s.
        </p>
      )}
      {shown && (
        <FoldedTable
          summary="Values along the line (table)"
          caption={<>Every {tableStep(shown.result.alphas.length)}th point (CSV: all).</>}
        >
          <thead>
            <tr>
              <th scope="col">α</th>
              {shown.result.values.map((v) => (
                <th key={v.split} scope="col">
                  {v.split} loss
                </th>
              ))}
              {shown.result.values.map((v) => (
                <th key={`${v.split}a`} scope="col">
                  {v.split} acc.
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.result.alphas.map((a, i) =>
              i % tableStep(shown.result.alphas.length) === 0 ? (
                <tr key={i}>
                  <th scope="row">{a.toFixed(2)}</th>
                  {shown.result.values.map((v) => (
                    <td key={v.split}>{fmt(v.loss[i])}</td>
                  ))}
                  {shown.result.values.map((v) => (
                    <td key={`${v.split}a`}>{(v.acc[i] * 100).toFixed(1)}%</td>
                  ))}
                </tr>
              ) : null,
            )}
          </tbody>
        </FoldedTable>
      )}
    </div>
  );
}
