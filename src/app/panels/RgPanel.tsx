/**
 * LSA's accuracy-vs-FGSM-ε table with R&G (docs/methods/lsa.md#rg-score) for every run on this page that has a sweep,
 * the shown run included; a button sweeps the shown run.
 */
import { useMemo } from 'react';
import { RgTable, latestSweep } from '../lsa/RgTable';
import type { PanelProps } from './types';

export function RgPanel({ run, runs, theme, actions }: PanelProps) {
  const rows = useMemo(() => {
    const others = (runs ?? []).filter((r) => r.id !== run.id && latestSweep(r));
    return [...others, run];
  }, [runs, run]);
  const busy = run.analysisProgress['fgsm-sweep'] !== undefined;
  return (
    <div>
      <div className="row-controls">
        <button
          type="button"
          onClick={() => actions.runAnalysis('fgsm-sweep', {})}
          disabled={busy || run.status === 'creating' || run.status === 'running'}
          data-testid="rg-run"
        >
          {busy ? 'Sweeping…' : latestSweep(run) ? 'Sweep this run again' : 'FGSM ε sweep on this run'}
        </button>
      </div>
      <RgTable runs={rows} theme={theme} testId="rg-table" />
    </div>
  );
}
