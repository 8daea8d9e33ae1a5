/**
 * LSA over training: an epochs × layers heat-map of the relative error under one perturbation,
 * filled in row by row as the per-epoch LSA arrives (config.lsa.every), with each row's MVL cells outlined;
 * it can be played back epoch by epoch. Rows come from the core's lsaHeatmap.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import { LSA_PERTURBATION_LABELS, type LsaHeatmap, lsaHeatmap } from '../../core/analysis/lsa-view';
import type { LsaPerturbation } from '../../core/config';
import { toCsv } from '../export';
import { defaultKind, scheduledLsaEpochs } from '../lsa/lsa-data';
import { paperName } from '../lsa/naming';
import { LazyPlot } from '../plotly/LazyPlot';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import { usePlotExports } from './figure-exports';
import type { PanelProps } from './types';
import { plotlyPaper } from '../plotly/paper';
import { recordsOf } from '../../core/analysis/records';

const PLAY_MS = 450;

function figure(
  hm: LsaHeatmap,
  epochs: number[],
  shownRows: number,
  theme: Theme,
): { data: Partial<Data>[]; layout: Partial<Layout> } {
  const c = theme.chart;
  const x = hm.layers.map((n, i) => `L${i} · ${n}`);
  const rowOf = new Map(hm.epochs.map((e, i) => [e, i]));
  // Every scheduled epoch gets a row from the start: rows fill in as the analysis arrives.
  const z = epochs.map((e) => {
    const i = rowOf.get(e);
    return i === undefined || i >= shownRows ? x.map(() => null) : hm.values[i];
  });
  const all = hm.values.flat().filter(Number.isFinite);
  const zmax = all.length ? Math.max(...all) : 1;
  const mvlX: string[] = [];
  const mvlY: number[] = [];
  hm.mvl.slice(0, shownRows).forEach((layers, i) =>
    layers.forEach((l) => {
      mvlX.push(x[l]);
      mvlY.push(hm.epochs[i]);
    }),
  );
  return {
    data: [
      {
        type: 'heatmap',
        x,
        y: epochs,
        z: z as number[][],
        zmin: 0,
        zmax,
        colorscale: 'Viridis',
        colorbar: { title: { text: 'relative error', side: 'right' }, thickness: 12 },
        hoverongaps: false,
        hovertemplate: '%{x}, epoch %{y}: %{z:.4f}<extra></extra>',
        xgap: 1,
        ygap: epochs.length > 40 ? 0 : 1,
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'MVL',
        x: mvlX,
        y: mvlY,
        marker: {
          symbol: 'square-open',
          size: Math.max(8, Math.min(22, 260 / Math.max(epochs.length, 1))),
          color: c.text,
          line: { width: 2.5, color: c.text },
        },
        hovertemplate: '%{x} is in the MVL after epoch %{y}<extra></extra>',
      },
    ],
    layout: {
      height: Math.min(520, 140 + 16 * epochs.length),
      margin: { l: 52, r: 12, t: 10, b: 64 },
      ...plotlyPaper(theme),
      showlegend: true,
      legend: { orientation: 'h', y: -0.16, x: 0 },
      xaxis: { color: c.muted, automargin: false, side: 'bottom' },
      yaxis: {
        color: c.muted,
        title: { text: 'epoch' },
        // Fixed, reversed range: epoch 1 on top, rows below fill in without the axis moving.
        range: epochs.length ? [epochs[epochs.length - 1] + 0.5, epochs[0] - 0.5] : undefined,
        ...(epochs.length <= 20 ? { tickvals: epochs } : {}),
        zeroline: false,
      },
    },
  };
}

export function LsaHeatmapPanel({ run, theme }: PanelProps) {
  // The live picture redraws at most about once a second while training.
  const analyses = useThrottled(run.analyses, run.status === 'running' ? 1000 : 100);
  const records = useMemo(() => recordsOf(analyses, 'lsa'), [analyses]);
  const latest = records[records.length - 1]?.result;
  const [pickedKind, setPickedKind] = useState<LsaPerturbation | null>(null);
  const kind =
    latest && pickedKind && latest.perturbations.some((p) => p.kind === pickedKind)
      ? pickedKind
      : latest
        ? defaultKind(latest)
        : 'pgd';
  const hm = useMemo(() => lsaHeatmap(records, kind), [records, kind]);
  const epochs = useMemo(
    () => [...new Set([...scheduledLsaEpochs(run.config), ...hm.epochs])].sort((a, b) => a - b),
    [run.config, hm.epochs],
  );
  // Playback: null follows the live rows; a number shows the rows up to that index.
  const [frame, setFrame] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const rows = hm.epochs.length;
  const shown = frame === null ? rows : Math.min(frame + 1, rows);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(
      () =>
        setFrame((f) => {
          const next = f === null ? 0 : f + 1;
          if (next >= rows - 1) {
            setPlaying(false);
            return null;
          }
          return next;
        }),
      PLAY_MS,
    );
    return () => clearInterval(t);
  }, [playing, rows]);

  const fig = useMemo(() => figure(hm, epochs, shown, theme), [hm, epochs, shown, theme]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const csv = useMemo(
    () =>
      rows
        ? () =>
            toCsv(
              ['epoch', 'perturbation', 'layer', 'probe', 'relative_error', 'in_mvl', 'threshold'],
              hm.epochs.flatMap((e, i) =>
                hm.layers.map((name, l) => [
                  e,
                  hm.kind,
                  l,
                  name,
                  hm.values[i][l],
                  hm.mvl[i].includes(l),
                  hm.threshold[i],
                ]),
              ),
            )
        : null,
    [hm, rows],
  );
  usePlotExports(gd, 'lsa-heatmap', csv);
  const lastMvl = shown > 0 ? hm.mvl[shown - 1] : null;
  const lastEpoch = shown > 0 ? hm.epochs[shown - 1] : null;
  return (
    <div className="lsa" data-testid="lsa-heatmap" data-value={rows}>
      <p className="run-name">
        Run <strong>{paperName(run.config)}</strong>
        <span className="muted">
          {' '}
          · {rows} of {epochs.length || '?'} epochs measured
        </span>
      </p>
      <div className="row-controls">
        {latest && (
          <label>
            Perturbation{' '}
            <select
              value={kind}
              onChange={(e) => setPickedKind(e.target.value as LsaPerturbation)}
              data-testid="lsa-heatmap-kind"
            >
              {latest.perturbations.map((p) => (
                <option key={p.kind} value={p.kind}>
                  {LSA_PERTURBATION_LABELS[p.kind]}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          onClick={() => {
            if (playing) setPlaying(false);
            else {
              setFrame(0);
              setPlaying(true);
            }
          }}
          disabled={rows < 2}
          data-testid="lsa-heatmap-play"
          aria-pressed={playing}
        >
          {playing ? '❚❚ Pause' : '▶ Play back'}
        </button>
        <label className="slider">
          epoch <output>{lastEpoch ?? '–'}</output>
          <input
            type="range"
            min={0}
            max={Math.max(rows - 1, 0)}
            step={1}
            value={shown - 1}
            disabled={rows < 2}
            onChange={(e) => {
              setPlaying(false);
              const v = Number(e.target.value);
              setFrame(v >= rows - 1 ? null : v);
            }}
            data-testid="lsa-heatmap-frame"
            aria-label="Show the heat-map up to this epoch"
          />
        </label>
        {frame !== null && (
          <button
            type="button"
            className="small"
            onClick={() => {
              setPlaying(false);
              setFrame(null);
            }}
          >
            Live
          </button>
        )}
      </div>
      {epochs.length || rows ? (
        <LazyPlot
          data={fig.data}
          layout={fig.layout}
          onGraph={setGd}
          style={{ width: '100%', height: fig.layout.height as number }}
          ariaLabel="Relative error per layer (columns) after each epoch (rows), brighter is larger; outlined cells are the most vulnerable layers of that epoch. The CSV download has the numbers."
        />
      ) : (
        <p className="placeholder">
          Switch on LSA during training (More settings → Lsa · every = 1) to fill this in epoch by epoch.
        </p>
      )}
      <p className="chart-summary" data-testid="lsa-heatmap-summary" data-value={lastMvl?.join(',') ?? ''}>
        {lastEpoch !== null && lastMvl
          ? `After epoch ${lastEpoch}, under ${LSA_PERTURBATION_LABELS[kind]}: ${lastMvl.length ? `MVL ${lastMvl.map((l) => `L${l}`).join(', ')} (outlined)` : 'no layer above μ + ησ'}; relative errors ${hm.values[shown - 1].map((v) => v.toFixed(3)).join(' / ')}.`
          : 'No LSA measured yet.'}
      </p>
    </div>
  );
}
