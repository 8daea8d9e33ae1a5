/**
 * The optimisation trajectory (docs/methods/landscapes.md#optimisation-trajectory; analysis `trajectory`): the epoch snapshots projected on
 * the path's two principal directions, over the loss contours of that plane around the final model, axes
 * labelled with the explained variance ("1st PC: xx.xx %").
 */
import { type Ref, useMemo, useState } from 'react';
import type { TrajectoryResult } from '../../core/analysis/trajectory';
import { toCsv } from '../export';
import { GridFigure } from '../svg/GridFigure';
import { countNonFinite } from '../svg/figure';
import { SelectField } from '../controls/fields';
import type { Theme } from '../theme/themes';
import {
  ComputeButton,
  FoldedTable,
  hasSnapshots,
  LogScaleToggle,
  NoSnapshotsNote,
} from './landscape/common-controls';
import { type CsvFile, useFigureExports } from './figure-exports';
import { viridis } from './landscape/colors';
import { colourTicks, fillGaps, log10, lossColours } from './landscape/frames';
import { useAnalysisRecords, useFrozenWhenHidden, useOnScreen } from './landscape/hooks';
import { currentEpoch, fmt, progressOf, type Recorded } from './landscape/records';
import { useLandscapeSettings } from './landscape/settings';
import { SharpnessReadout } from './landscape/SharpnessReadout';
import './landscape/landscape.css';
import type { PanelProps } from './types';

const ID = 'trajectory';

const pcLabel = (k: 1 | 2, ratio: number) => `${k === 1 ? '1st' : '2nd'} PC: ${(ratio * 100).toFixed(2)} %`;

/** The path on the plane of its two principal directions, over the loss contours of that plane (SVG). */
function TrajectoryFigure(props: {
  result: TrajectoryResult;
  theme: Theme;
  log: boolean;
  svgRef: Ref<SVGSVGElement>;
}) {
  const { result: r, theme, log } = props;
  const s = r.surface;
  const loss = s.values[0].loss;
  const colours = useMemo(() => lossColours([loss], log), [loss, log]);
  const values = useMemo(
    () =>
      fillGaps(
        Array.from(loss, (v) => (log && Number.isFinite(v) ? log10(v) : v)),
        s.alphas.length,
        (s.betas ?? [0]).length,
      ),
    [loss, log, s],
  );
  const last = r.epochs.length - 1;
  // Label the start, the end and about 8 epochs between, so the numbers do not pile up.
  const every = Math.max(1, Math.ceil(r.epochs.length / 8));
  return (
    <GridFigure
      xs={s.alphas}
      ys={s.betas ?? [0]}
      values={values}
      lo={colours.lo}
      hi={colours.hi}
      colour={viridis}
      colourTicks={colourTicks(colours.lo, colours.hi, log)}
      colourTitle={`${s.values[0].split} loss${log ? ' (log)' : ''}`}
      view="contour"
      path={{
        x: r.x,
        y: r.y,
        labels: r.epochs.map((e, i) => (i === 0 || i === last || i % every === 0 ? String(e) : '')),
        titles: r.epochs.map((e, i) => `epoch ${e}: (${fmt(r.x[i], 3)}, ${fmt(r.y[i], 3)})`),
        name: 'training path (epochs)',
        colour: theme.chart.test,
      }}
      marker={{ x: r.x[last], y: r.y[last], name: `final model (epoch ${r.epochs[last]})` }}
      nonFinite={countNonFinite([loss])}
      xLabel={pcLabel(1, r.explained[0])}
      yLabel={pcLabel(2, r.explained[1])}
      format={(v) => `loss ${fmt(log ? 10 ** v : v)}`}
      theme={theme}
      svgRef={props.svgRef}
      testId="trajectory-figure"
      ariaLabel={`Training path over ${r.epochs.length} snapshots on its two principal directions (${pcLabel(1, r.explained[0])}, ${pcLabel(2, r.explained[1])}), over the loss contours of that plane.`}
    />
  );
}

function pathCsv({ result }: Recorded<TrajectoryResult>): CsvFile {
  const text = toCsv(
    ['epoch', 'pc1', 'pc2'],
    result.epochs.map((e, i) => [e, result.x[i], result.y[i]]),
  );
  return { text, name: 'basin-trajectory' };
}

export function TrajectoryPanel({ run, theme, actions }: PanelProps) {
  const [rootRef, visible] = useOnScreen<HTMLDivElement>();
  const [settings] = useLandscapeSettings(run.config);
  const [resolution, setResolution] = useState(25);
  const [split, setSplit] = useState<'train' | 'test'>('train');
  const [log, setLog] = useState(false);
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const epoch = currentEpoch(run);
  const snapshots = hasSnapshots(run);
  const request = { resolution, splits: [split], subset: settings.subset };
  const enough = snapshots && epoch >= 2;
  const { records, computation } = useAnalysisRecords<TrajectoryResult>({
    run,
    actions,
    id: ID,
    visible,
    auto: enough ? request : null,
  });
  const latest = records[records.length - 1];
  const shown = useFrozenWhenHidden(latest ?? null, visible);
  const progress = progressOf(run, ID);

  useFigureExports(svg, 'basin-trajectory', shown, pathCsv);

  const r = shown?.result;
  return (
    <div ref={rootRef} className="landscape" data-testid="trajectory" data-visible={visible ? 'yes' : 'no'}>
      <div className="landscape-row">
        <SelectField
          label="Grid"
          value={String(resolution)}
          options={[11, 25, 41, 51].map((n) => ({ value: String(n), label: `${n}×${n}` }))}
          onChange={(v) => setResolution(Number(v))}
          testId="trajectory-resolution"
        />
        <SelectField<'train' | 'test'>
          label="Data"
          value={split}
          options={[
            { value: 'train', label: 'train' },
            { value: 'test', label: 'test' },
          ]}
          onChange={setSplit}
          testId="trajectory-split"
        />
        <ComputeButton
          computation={computation}
          enabled={enough}
          onCompute={() => computation.compute(request)}
          fraction={progress ? progress.fraction : null}
          testId="trajectory-compute"
          title={
            enough
              ? 'PCA of the snapshots, then the loss on their plane'
              : 'Needs snapshots of at least 2 epochs'
          }
        />
        <LogScaleToggle log={log} onLog={setLog} />
      </div>
      <NoSnapshotsNote
        run={run}
        liveHint='This run keeps no snapshots; switch on "Keep snapshots" (Training).'
      />
      {r ? (
        <TrajectoryFigure result={r} theme={theme} log={log} svgRef={setSvg} />
      ) : (
        <div className="placeholder landscape-empty">
          {computation.busy
            ? 'Computing the PCA and its contours…'
            : 'Train at least 2 epochs and pause: the path appears here.'}
        </div>
      )}
      {r && (
        <p className="chart-summary" data-testid="trajectory-summary">
          {r.epochs.length} snapshots (epochs {r.epochs[0]}–{r.epochs[r.epochs.length - 1]}); the two
          principal directions explain {(r.explained[0] * 100).toFixed(2)} % and{' '}
          {(r.explained[1] * 100).toFixed(2)} % of the path&apos;s variance (
          {((r.explained[0] + r.explained[1]) * 100).toFixed(1)} % together). The path starts at (
          {fmt(r.x[0], 3)}, {fmt(r.y[0], 3)}) and ends at the final model (0, 0); {r.surface.values[0].split}{' '}
          loss there {fmt(r.surface.values[0].center.loss)}.
        </p>
      )}
      <SharpnessReadout
        run={run}
        actions={actions}
        epoch={shown?.epoch ?? null}
        rises={null}
        along="the PCs"
        settings={settings}
        testId="trajectory-sharpness"
        visible={visible}
      />
      {r && (
        <FoldedTable
          summary="Path coordinates (table)"
          caption={<>Each snapshot θ_e − θ_n projected on the principal directions.</>}
        >
          <thead>
            <tr>
              <th scope="col">epoch</th>
              <th scope="col">{pcLabel(1, r.explained[0])}</th>
              <th scope="col">{pcLabel(2, r.explained[1])}</th>
            </tr>
          </thead>
          <tbody>
            {r.epochs.map((e, i) => (
              <tr key={e}>
                <th scope="row">{e}</th>
                <td>{fmt(r.x[i])}</td>
                <td>{fmt(r.y[i])}</td>
              </tr>
            ))}
          </tbody>
        </FoldedTable>
      )}
    </div>
  );
}
