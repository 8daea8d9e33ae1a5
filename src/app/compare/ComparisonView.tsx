/**
 * Comparison mode: runs trained on the same data, initial weights and seed, differing in one
 * setting, side by side: accuracy curves on shared axes with the robust gap shaded, the final figures
 * (core/compare.ts compareRuns), 1-D landscapes along the same direction with their sharpness numbers, and
 * LSA's R&G table. Any kept run can be added (live or loaded from a bundle).
 */
import { DocLink } from '../docs/DocLink';
import { type ReactNode, useMemo, useState } from 'react';
import { type ComparisonRow, type SharpnessFigure, compareRuns } from '../../core/compare';
import { settingLabel } from '../../core/config-messages';
import type { StageColumn, StageFigure } from '../../core/lessons/lesson';
import { MOONS_LANDSCAPE_1D, MOONS_ROBUST_LANDSCAPE } from '../../core/presets/settings';
import { downloadText, stamp, toCsv } from '../export';
import { isLsaRun } from '../lsa/lsa-data';
import { labelWithPaperName } from '../lsa/naming';
import { RgTable, latestSweep } from '../lsa/RgTable';
import { PanelFrame, usePanelExports } from '../panels/PanelFrame';
import { downloadFigure, LazyPlot } from '../plotly/LazyPlot';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';
import { useThrottled } from '../useThrottled';
import {
  type LandscapeCurve,
  accuracyFigure,
  landscapeCurve,
  landscapeFigure,
  latestLandscape,
} from './figures';
import { runColour } from '../svg/grammar';
import { LsaAcrossRuns } from './LsaAcrossRuns';
import './comparison.css';
import type { PlanAnalysis } from './sequence';

export interface ComparisonViewProps {
  runs: RunView[];
  theme: Theme;
  /** True while a plan runs or a run trains: the buttons that re-open runs wait. */
  busy: boolean;
  onAnalyse(title: string, ids: number[], analysesFor: (run: RunView) => PlanAnalysis[]): void;
  onRemove(id: number): void;
}

/** One part of the comparison, alone, for the presenter's stage. */
type ComparisonPart = Exclude<StageFigure, { panel: unknown }>;

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (f: SharpnessFigure | null) => (f === null ? '–' : f.value.toFixed(3));
const figureTitle = (f: SharpnessFigure | null) =>
  f
    ? `${f.source}${f.robust ? ' (robust)' : ''}, ${f.split ?? ''} split, ${f.measure}, after epoch ${f.epoch}`
    : '';

/**
 * One part of the comparison on the presenter's stage: its accuracy curves (without the table), its
 * landscapes along one direction, or its table with only the columns the step names.
 */
export function ComparisonStagePart({ part, ...props }: ComparisonViewProps & { part: ComparisonPart }) {
  if (!props.runs.length) return null;
  if ('table' in part)
    return (
      <PanelFrame
        id="comparison-table"
        title="Final figures"
        help={accuracyHelp}
        doc={{ page: 'awp', anchor: 'numbers-to-expect' }}
      >
        <StageTable runs={props.runs} columns={part.table} />
      </PanelFrame>
    );
  return part.comparison === 'accuracy' ? (
    <AccuracyFrame {...props} table={false} />
  ) : (
    <LandscapeFrame {...props} />
  );
}

/** The accuracy curves side by side (with the table below unless `table` is false), in their frame. */
function AccuracyFrame(props: ComparisonViewProps & { table?: boolean }) {
  return (
    <PanelFrame
      id="comparison"
      title="Side by side: accuracy and robust gap"
      help={accuracyHelp}
      doc={{ page: 'awp', anchor: 'numbers-to-expect' }}
    >
      <AccuracyAndTable {...props} />
    </PanelFrame>
  );
}

/** The runs' landscapes along one direction, in their frame. */
function LandscapeFrame(props: ComparisonViewProps) {
  return (
    <PanelFrame
      id="comparison-landscape"
      title="Loss landscapes along the same direction"
      help={landscapeHelp}
      doc={{ page: 'landscapes', anchor: '1-d-curves' }}
    >
      <LandscapeOverlay {...props} />
    </PanelFrame>
  );
}

function StageTable({ runs, columns }: { runs: RunView[]; columns: readonly StageColumn[] }) {
  const rows = useMemo(() => compareRuns(runs).rows, [runs]);
  return <FinalFigures rows={rows} only={columns} />;
}

export function ComparisonView(props: ComparisonViewProps) {
  const { runs } = props;
  if (!runs.length) return null;
  return (
    <section
      className="comparison"
      data-testid="comparison-view"
      data-value={runs.length}
      aria-label="Comparison"
    >
      <ComparisonHeader {...props} />
      <div className="comparison-panels">
        <AccuracyFrame {...props} />
        <LandscapeFrame {...props} />
        {runs.some((r) => r.analyses.some((a) => a.id === 'lsa')) && (
          <PanelFrame
            id="comparison-lsa"
            title="LSA across runs: relative error per layer"
            help={lsaHelp}
            doc={{ page: 'lsa', anchor: 'figures' }}
          >
            <LsaAcrossRuns runs={runs} theme={props.theme} />
          </PanelFrame>
        )}
        {runs.some((r) => isLsaRun(r) || latestSweep(r)) && (
          <PanelFrame
            id="comparison-rg"
            title="FGSM ε sweep and R&G (LSA)"
            help={rgHelp}
            doc={{ page: 'lsa', anchor: 'rg-score' }}
          >
            <RgSection {...props} />
          </PanelFrame>
        )}
      </div>
    </section>
  );
}

function ComparisonHeader({ runs, theme, onRemove }: ComparisonViewProps) {
  const comparison = useMemo(() => compareRuns(runs), [runs]);
  return (
    <div className="comparison-head">
      <h2>{runs.length > 1 ? `Comparing ${runs.length} runs` : 'The run of this experiment'}</h2>
      <ul className="comparison-runs">
        {runs.map((r) => (
          <li key={r.id} data-testid={`compared-run-${r.id}`}>
            <span className="swatch" style={{ background: runColour(theme, r.id) }} aria-hidden="true" />
            {labelWithPaperName(r.label, r.config, true)}
            <span className="muted"> · {r.status === 'running' ? 'training' : r.status}</span>
            <button
              type="button"
              className="small"
              onClick={() => onRemove(r.id)}
              aria-label={`Take ${r.label} out of the comparison`}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {runs.length > 1 && (
        <p
          className="muted"
          data-testid="comparison-differences"
          data-keys={comparison.differences.join(' ')}
        >
          {comparison.differences.length
            ? `They differ in: ${comparison.differences.map((d) => settingLabel(d.split('.'))).join(', ')}.`
            : 'Their configurations are identical.'}
        </p>
      )}
      {comparison.warnings.map((w) => (
        <p key={w} className="comparison-warning" role="note">
          ⚠ {w}
        </p>
      ))}
    </div>
  );
}

function AccuracyAndTable({ runs, theme, table = true }: ComparisonViewProps & { table?: boolean }) {
  // While a run trains, redraw about once a second (the curves panel does the same).
  const shown = useThrottled(runs, runs.some((r) => r.status === 'running') ? 1000 : 100);
  const fig = useMemo(() => accuracyFigure(shown, theme), [shown, theme]);
  const rows = useMemo(() => compareRuns(shown).rows, [shown]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const exporters = useMemo(
    () => ({
      ...(gd
        ? {
            png: () => downloadFigure(gd, 'png', `basin-comparison-${stamp()}`),
            svg: () => downloadFigure(gd, 'svg', `basin-comparison-${stamp()}`),
          }
        : {}),
      csv: () => downloadText(comparisonCsv(rows), `basin-comparison-${stamp()}.csv`, 'text/csv'),
    }),
    [gd, rows],
  );
  usePanelExports(exporters);
  const anyRobust = rows.some((r) => r.robustTestAcc !== null);
  return (
    <div>
      <LazyPlot
        data={fig.data}
        layout={fig.layout}
        onGraph={setGd}
        style={{ width: '100%', height: 340 }}
        ariaLabel={`Accuracy per epoch of each compared run, side by side (${fig.sharedEpochs ? 'on the same axes' : 'each run on its own epoch axis'}), each run in its colour: robust accuracy on training points solid and test points dashed with the robust gap shaded between them, clean accuracy in thinner lines. The table below has the final numbers.`}
      />
      {!anyRobust && (
        <p className="muted">
          No robust accuracy recorded: switch on “Robust evaluation” in More settings to draw the robust
          curves and their gap.
        </p>
      )}
      {table && <FinalFigures rows={rows} />}
    </div>
  );
}

/** One column of the final figures after the run's name: its header, its title (a tooltip) and its cell. */
interface FigureColumn {
  key: 'method' | 'epoch' | StageColumn;
  header: string;
  title?: string;
  cell(r: ComparisonRow, rows: ComparisonRow[]): ReactNode;
}

const FIGURE_COLUMNS: FigureColumn[] = [
  { key: 'method', header: 'method', cell: (r) => r.methodLabel },
  { key: 'epoch', header: 'epochs', cell: (r) => r.epoch },
  { key: 'cleanTrainAcc', header: 'clean train', cell: (r) => pct(r.cleanTrainAcc) },
  { key: 'cleanTestAcc', header: 'clean test', cell: (r) => pct(r.cleanTestAcc) },
  { key: 'robustTrainAcc', header: 'robust train', cell: (r) => pct(r.robustTrainAcc) },
  { key: 'robustTestAcc', header: 'robust test', cell: (r) => pct(r.robustTestAcc) },
  {
    key: 'robustGap',
    header: 'robust gap',
    title: 'train robust − test robust accuracy',
    cell: (r, rows) => {
      const bestGap = Math.min(...rows.map((x) => x.robustGap ?? Infinity));
      return r.robustGap !== null && rows.length > 1 && r.robustGap === bestGap ? (
        <strong>{pct(r.robustGap)}</strong>
      ) : (
        pct(r.robustGap)
      );
    },
  },
  {
    key: 'bestRobustTestAcc',
    header: 'best robust test',
    cell: (r) => (
      <>
        {pct(r.bestRobustTestAcc)}
        {r.bestRobustEpoch !== null && <span className="muted"> (ep. {r.bestRobustEpoch})</span>}
      </>
    ),
  },
  {
    key: 'robustSharpness',
    header: 'robust sharpness',
    title: 'largest rise of the robust loss within the radius (landscape)',
    cell: (r) => <span title={figureTitle(r.robustSharpness)}>{num(r.robustSharpness)}</span>,
  },
  {
    key: 'sharpness',
    header: 'sharpness',
    title: 'largest rise of the clean loss within the radius (landscape)',
    cell: (r) => <span title={figureTitle(r.sharpness)}>{num(r.sharpness)}</span>,
  },
  {
    key: 'hessianTopEigenvalue',
    header: 'λ_max',
    title: 'top eigenvalue of the Hessian of the training loss (sharpness analysis)',
    cell: (r) => (r.hessianTopEigenvalue === null ? '–' : r.hessianTopEigenvalue.toFixed(3)),
  },
];

/** The final figures of every run: all columns (λ_max once a run has it), or only `only`'s (the stage's). */
function FinalFigures({ rows, only }: { rows: ComparisonRow[]; only?: readonly StageColumn[] }) {
  const hessian = rows.some((r) => r.hessianTopEigenvalue !== null);
  const columns = FIGURE_COLUMNS.filter((c) =>
    only ? (only as readonly string[]).includes(c.key) : c.key !== 'hessianTopEigenvalue' || hessian,
  );
  return (
    <div className="table-scroll">
      <table className="compare-table" data-testid="comparison-table">
        <caption>Final figures (robust numbers at the last epoch that has them)</caption>
        <thead>
          <tr>
            <th scope="col">run</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" title={c.title}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="comparison-row">
              <th scope="row">{r.label}</th>
              {columns.map((c) => (
                <td key={c.key}>{c.cell(r, rows)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function comparisonCsv(rows: ComparisonRow[]): string {
  return toCsv(
    [
      'run',
      'method',
      'epochs',
      'clean_train_acc',
      'clean_test_acc',
      'robust_train_acc',
      'robust_test_acc',
      'robust_gap',
      'robust_epoch',
      'best_robust_test_acc',
      'best_robust_epoch',
      'robust_sharpness',
      'sharpness',
      'hessian_top_eigenvalue',
    ],
    rows.map((r) => [
      r.label,
      r.method,
      r.epoch,
      r.cleanTrainAcc,
      r.cleanTestAcc,
      r.robustTrainAcc,
      r.robustTestAcc,
      r.robustGap,
      r.robustEpoch,
      r.bestRobustTestAcc,
      r.bestRobustEpoch,
      r.robustSharpness?.value ?? null,
      r.sharpness?.value ?? null,
      r.hessianTopEigenvalue,
    ]),
  );
}

/** Landscape settings for a comparison: the presets' settings along one direction seed, the first run's ε. */
function landscapeSettings(first: RunView, robust: boolean, directionSeed: number): Record<string, unknown> {
  if (!robust) return { ...MOONS_LANDSCAPE_1D, directionSeed };
  return {
    ...MOONS_ROBUST_LANDSCAPE,
    directionSeed,
    robust: {
      ...MOONS_ROBUST_LANDSCAPE.robust,
      attack: `pgd-${first.config.attack.norm}`,
      epsilon: first.config.attack.epsilon,
    },
  };
}

function LandscapeOverlay({ runs, theme, busy, onAnalyse }: ComparisonViewProps) {
  const anyRobust = runs.some((r) => latestLandscape(r.analyses, true));
  const [mode, setMode] = useState<'robust' | 'clean' | null>(null);
  const robust = (mode ?? (anyRobust ? 'robust' : 'clean')) === 'robust';
  const entries = useMemo(
    () =>
      runs.map((r) => {
        const record = latestLandscape(r.analyses, robust);
        return { run: r, runId: r.id, label: r.label, record, curve: record ? landscapeCurve(record) : null };
      }),
    [runs, robust],
  );
  const fig = useMemo(() => landscapeFigure(entries, theme, robust), [entries, theme, robust]);
  const [gd, setGd] = useState<HTMLElement | null>(null);
  const seeds = [...new Set(entries.flatMap((e) => (e.curve ? [e.curve.directionSeed] : [])))];
  const directionSeed = seeds[0] ?? 101;
  const missing = entries.filter((e) => !e.curve || e.curve.directionSeed !== directionSeed);
  const rows = useMemo(() => compareRuns(runs).rows, [runs]);
  const exporters = useMemo(
    () =>
      entries.some((e) => e.curve)
        ? {
            ...(gd
              ? {
                  png: () => downloadFigure(gd, 'png', `basin-compare-landscape-${stamp()}`),
                  svg: () => downloadFigure(gd, 'svg', `basin-compare-landscape-${stamp()}`),
                }
              : {}),
            csv: () =>
              downloadText(landscapeCsv(entries), `basin-compare-landscape-${stamp()}.csv`, 'text/csv'),
          }
        : null,
    [gd, entries],
  );
  usePanelExports(exporters);
  const compute = () =>
    onAnalyse(
      robust ? 'Robust landscapes along one direction' : 'Landscapes along one direction',
      missing.map((e) => e.run.id),
      () => [{ analysis: 'landscape-1d', settings: landscapeSettings(runs[0], robust, directionSeed) }],
    );
  const drawn = entries.filter((e) => e.curve).length;
  // Only filter, layer and weight normalisation scale the shared direction to each run's weights.
  const scaled = entries.every((e) =>
    ['filter', 'layer', 'weight', undefined].includes(
      (e.record?.result as { normalization?: string } | null)?.normalization,
    ),
  );
  return (
    <div data-testid="comparison-landscape" data-value={drawn}>
      <div className="row-controls">
        <div role="radiogroup" aria-label="Which loss">
          {(['robust', 'clean'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="compare-landscape-mode"
                checked={robust === (m === 'robust')}
                onChange={() => setMode(m)}
                data-testid={`compare-landscape-${m}`}
              />
              {m === 'robust' ? 'robust loss (PGD re-run at every point)' : 'clean loss'}
            </label>
          ))}
        </div>
        <button
          type="button"
          onClick={compute}
          disabled={busy || missing.length === 0}
          data-testid="compare-landscapes"
          title="Evaluates every compared run along the same random direction (same direction seed), each filter-normalised against its own weights"
        >
          {missing.length === 0
            ? 'Every run has this landscape'
            : `Compute for ${missing.length === runs.length ? 'every run' : missing.map((e) => e.label).join(', ')}`}
        </button>
      </div>
      {drawn > 0 ? (
        <LazyPlot
          data={fig.data}
          layout={fig.layout}
          onGraph={setGd}
          style={{ width: '100%', height: 330 }}
          ariaLabel="Loss along the same random direction for each compared run, each in its colour; train solid, test dashed. The summary below has the sharpness numbers."
        />
      ) : (
        <p className="placeholder">No {robust ? 'robust ' : ''}landscape yet for these runs.</p>
      )}
      <p className="chart-summary" data-testid="comparison-sharpness">
        {seeds.length > 1 ? (
          `⚠ These curves use different direction seeds (${seeds.join(', ')}): they are not along the same direction. `
        ) : drawn ? (
          // How the direction was made: the lab's detail (the stage keeps the numbers).
          <span className="direction-note">
            Direction seed {directionSeed} for every drawn run (same seed and model ⇒ the same direction,{' '}
            {scaled
              ? "scaled to each run's weights"
              : 'the same length for every run, not scaled to its weights'}
            ).{' '}
          </span>
        ) : (
          ''
        )}
        {rows
          .map((r) => {
            const f = robust ? r.robustSharpness : r.sharpness;
            const hessian = !robust && r.hessianTopEigenvalue !== null;
            return f
              ? `${r.label}: ${f.measure} (${f.split}) ${f.value.toFixed(3)}${hessian ? `, top Hessian eigenvalue λ_max ${r.hessianTopEigenvalue!.toFixed(2)}` : ''}`
              : null;
          })
          .filter(Boolean)
          .join('; ')}
      </p>
    </div>
  );
}

function landscapeCsv(entries: { label: string; curve: LandscapeCurve | null }[]): string {
  const rows: unknown[][] = [];
  for (const e of entries)
    for (const s of e.curve?.splits ?? [])
      e.curve!.alphas.forEach((a, i) =>
        rows.push([e.label, e.curve!.directionSeed, s.split, a, s.loss[i], s.acc[i]]),
      );
  return toCsv(['run', 'direction_seed', 'split', 'alpha', 'loss', 'accuracy'], rows);
}

function RgSection({ runs, theme, busy, onAnalyse }: ComparisonViewProps) {
  const missing = runs.filter((r) => !latestSweep(r));
  return (
    <div>
      <div className="row-controls">
        <button
          type="button"
          disabled={busy || missing.length === 0}
          onClick={() =>
            onAnalyse(
              'FGSM ε sweep',
              missing.map((r) => r.id),
              () => [{ analysis: 'fgsm-sweep', settings: {} }],
            )
          }
          data-testid="compare-rg-run"
        >
          {missing.length === 0
            ? 'Every run has a sweep'
            : `FGSM ε sweep for ${missing.length === runs.length ? 'every run' : missing.map((r) => r.label).join(', ')}`}
        </button>
      </div>
      <RgTable runs={runs} theme={theme} testId="comparison-rg" />
    </div>
  );
}

const accuracyHelp = (
  <>
    <p>
      One chart per run, in the run&apos;s colour (the colour of its chip in the runs bar); the charts share
      their epoch axis when the runs have as many epochs. Thick lines: robust accuracy (under the PGD attack
      of the robust evaluation) on training points (solid) and test points (dashed); the shaded band between
      them is the
      <strong> robust generalisation gap</strong> = train robust − test robust accuracy. Thin lines: clean
      accuracy, with the same dashes.
    </p>
    <p>
      Robust overfitting shows as a band that widens while test robust accuracy stalls. The table gives the
      final numbers; the smallest gap is in bold. Runs must share the seed, data and model (the same initial
      weights) for the comparison to isolate the one setting they differ in; a warning says when they do not.
    </p>
  </>
);

const landscapeHelp = (
  <>
    <p>
      The loss of each run&apos;s weights moved along one random direction d, w + α·d, α from −0.5 to 0.5 (Li
      et al. 2018). Every run uses the same direction seed, so the same random direction, filter-normalised
      against its own weights. With “robust loss”, PGD is run again at every point (
      <DocLink to={{ page: 'awp', anchor: 'robust-landscape' }} />
      ), as in the AWP paper&apos;s figures.
    </p>
    <p>
      A flatter curve around α = 0 is a flatter minimum. The sharpness number is the largest rise of the loss
      within |α| ≤ 0.5; it also appears in the table above.
    </p>
  </>
);

const lsaHelp = (
  <p>
    Each compared run&apos;s relative error per layer under the chosen perturbation, from its latest LSA (LSA,
    <DocLink to={{ page: 'lsa', anchor: 'figures' }} /> figure 2). Adversarial training lowers the curve;
    AT-LR (e.g. AT-PGD-LR-L2) pulls down the layer it regularises most.
  </p>
);

const rgHelp = (
  <p>
    Accuracy under FGSM at each ε of LSA&apos;s grid (0 to 0.5), and the R&amp;G score: the sum of these
    accuracies in %, clean accuracy included (<DocLink to={{ page: 'lsa', anchor: 'rg-score' }} />
    ). Higher is more robust and more accurate; the best score is in bold. The runs are named as in the LSA
    paper (e.g. AT-PGD-LR-L2).
  </p>
);
