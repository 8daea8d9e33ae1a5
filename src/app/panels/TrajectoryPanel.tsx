/**
 * The optimisation trajectory (METHODS.md §2.6; analysis `trajectory`): the epoch snapshots projected on
 * the path's two principal directions, over the loss contours of that plane around the final model, axes
 * labelled with the explained variance ("1st PC: xx.xx %").
 */
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { TrajectoryResult } from '../../core/analysis/trajectory';
import { toCsv } from '../export';
import { LazyPlot } from '../plotly/LazyPlot';
import { SelectField } from '../controls/fields';
import type { Theme } from '../theme/themes';
import {
  ComputeButton,
  FoldedTable,
  hasSnapshots,
  LogScaleToggle,
  NoSnapshotsNote,
} from './landscape/common-controls';
import { type CsvFile, useFigureExports } from './landscape/exports';
import { COLOUR_CAP, finiteRange, log10, logTicks } from './landscape/frames';
import { useAnalysisRecords, useFrozenWhenHidden, useOnScreen } from './landscape/hooks';
import { currentEpoch, fmt, progressOf, type Recorded, toMatrix } from './landscape/records';
import { useLandscapeSettings } from './landscape/settings';
import { SharpnessReadout } from './landscape/SharpnessReadout';
import './landscape/landscape.css';
import type { PanelProps } from './types';

const ID = 'trajectory';

const pcLabel = (k: 1 | 2, ratio: number) => `${k === 1 ? '1st' : '2nd'} PC: ${(ratio * 100).toFixed(2)} %`;

function figure(r: TrajectoryResult, theme: Theme, log: boolean) {
  const c = theme.chart;
  const s = r.surface;
  const loss = s.values[0].loss;
  const [min, max] = finiteRange([loss]);
  const top = Math.min(max, COLOUR_CAP);
  const lo = log ? log10(min) : min;
  const hi = log ? Math.max(log10(top), lo + 1e-3) : Math.max(top, min + 1e-6);
  const betas = s.betas ?? [0];
  const last = r.epochs.length - 1;
  // Label the start, the end and about 8 epochs between, so the numbers do not pile up.
  const every = Math.max(1, Math.ceil(r.epochs.length / 8));
  const labels = r.epochs.map((e, i) => (i === 0 || i === last || i % every === 0 ? String(e) : ''));
  const axis = { gridcolor: c.grid, zerolinecolor: c.grid, color: c.muted, automargin: false };
  const data: Partial<Data>[] = [
    {
      type: 'contour',
      x: s.alphas,
      y: betas,
      z: toMatrix(loss, betas.length, s.alphas.length, log ? log10 : (v) => v),
      colorscale: 'Viridis',
      zmin: lo,
      zmax: hi,
      zauto: false,
      ncontours: 20,
      contours: { coloring: 'fill', showlines: true },
      line: { width: 0.5, color: 'rgba(255,255,255,0.35)' },
      colorbar: {
        title: { text: `${s.values[0].split} loss${log ? ' (log)' : ''}`, side: 'right' },
        thickness: 12,
        len: 0.9,
        ...(log ? logTicks(lo, hi) : {}),
      },
      showlegend: false,
      hovertemplate: `(%{x:.3f}, %{y:.3f})<br>${log ? 'log₁₀ ' : ''}loss %{z:.4f}<extra></extra>`,
    } as Partial<Data>,
    {
      type: 'scatter',
      mode: 'lines+markers+text',
      x: r.x,
      y: r.y,
      text: labels,
      textposition: 'top right',
      // The path's colour: dark text would vanish on the dark end of viridis.
      textfont: { color: c.test, size: 11 },
      customdata: r.epochs,
      name: 'training path (epochs)',
      line: { color: c.test, width: 1.8 },
      marker: { size: 6, color: c.test },
      hovertemplate: 'epoch %{customdata}: (%{x:.3f}, %{y:.3f})<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'markers',
      x: [r.x[last]],
      y: [r.y[last]],
      name: `final model (epoch ${r.epochs[last]})`,
      marker: { symbol: 'x-thin', size: 14, color: c.text, line: { width: 3, color: c.text } },
      hoverinfo: 'skip',
    },
  ];
  const layout: Partial<Layout> = {
    height: 380,
    margin: { l: 56, r: 10, t: 10, b: 48 },
    paper_bgcolor: c.background,
    plot_bgcolor: c.background,
    font: { color: c.text, size: 11 },
    showlegend: true,
    legend: { orientation: 'h', y: -0.18, x: 0 },
    xaxis: {
      ...axis,
      title: { text: pcLabel(1, r.explained[0]) },
      range: [s.alphas[0], s.alphas[s.alphas.length - 1]],
    },
    yaxis: {
      ...axis,
      title: { text: pcLabel(2, r.explained[1]) },
      range: [betas[0], betas[betas.length - 1]],
    },
    uirevision: 'trajectory',
  };
  return { data, layout };
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
  const [gd, setGd] = useState<HTMLElement | null>(null);
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
  const fig = useMemo(() => (shown ? figure(shown.result, theme, log) : null), [shown, theme, log]);
  const progress = progressOf(run, ID);

  useFigureExports(gd, 'basin-trajectory', shown, pathCsv);

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
      {fig && r ? (
        <LazyPlot
          data={fig.data}
          layout={fig.layout}
          onGraph={setGd}
          style={{ width: '100%', height: 380 }}
          ariaLabel={`Training path over ${r.epochs.length} snapshots on its two principal directions (${pcLabel(1, r.explained[0])}, ${pcLabel(2, r.explained[1])}), over the loss contours of that plane.`}
        />
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
