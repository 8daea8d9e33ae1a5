/**
 * The 1-D loss landscape f(α) = L(θ + α·d) (docs/methods/landscapes.md#1-d-curves; analysis `landscape-1d`): loss and accuracy
 * along α, train and test, optionally on a log scale; or the curves of every recorded epoch overlaid,
 * coloured by epoch (viridis). Progressive and paused off-screen like the 2-D picture.
 */
import { useMemo, useState } from 'react';
import { useOnStage } from '../presenter/figure-scale';
import { LineFigure } from '../svg/LineFigure';
import { FoldedTable, LogScaleToggle } from './landscape/common-controls';
import { EpochScrubber } from './landscape/EpochScrubber';
import { useFigureExports } from './figure-exports';
import type { LandscapeFrame } from './landscape/frames';
import { useOnScreen } from './landscape/hooks';
import { LandscapeControls } from './landscape/LandscapeControls';
import { useLandscapePicture } from './landscape/picture';
import { fmt } from './landscape/records';
import { SharpnessReadout } from './landscape/SharpnessReadout';
import './landscape/landscape.css';
import { curveCsv, curveSummary, epochFigure, overlayFigure } from './landscape1d-model';
import type { PanelProps } from './types';

type Mode = 'epoch' | 'overlay';

function CurveTable({ frame }: { frame: LandscapeFrame }) {
  return (
    <FoldedTable
      summary="Loss and accuracy along α (table)"
      caption={<>Epoch {frame.epoch}: the values along the direction d (α = 0 is the model).</>}
    >
      <thead>
        <tr>
          <th scope="col">α</th>
          {frame.splits.flatMap((s) => [
            <th key={`${s}l`} scope="col">
              {s} loss
            </th>,
            <th key={`${s}a`} scope="col">
              {s} acc.
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {frame.alphas.map((a, i) => (
          <tr key={i}>
            <th scope="row">{a.toFixed(3)}</th>
            {frame.splits.flatMap((s, k) => [
              <td key={`${s}l`}>{fmt(frame.loss[k][i])}</td>,
              <td key={`${s}a`}>
                {frame.acc && Number.isFinite(frame.acc[k][i])
                  ? `${(frame.acc[k][i] * 100).toFixed(1)}%`
                  : '–'}
              </td>,
            ])}
          </tr>
        ))}
      </tbody>
    </FoldedTable>
  );
}

export function Landscape1dPanel({ run, theme, actions }: PanelProps) {
  const [rootRef, visible] = useOnScreen<HTMLDivElement>();
  const { settings, recordFrames, frame, index, setIndex, controls } = useLandscapePicture(
    run,
    actions,
    '1d',
    visible,
  );
  const [mode, setMode] = useState<Mode>('epoch');
  const [log, setLog] = useState(false);
  const [overlaySplit, setOverlaySplit] = useState('train');
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);

  // The coarse stage of a curve carries losses only; its line through 11 points is drawn as is. On the
  // presenter's stage the curve is the loss alone (what the lessons read off it), with room to be seen.
  const overlay = mode === 'overlay' && recordFrames.length > 0;
  const onStage = useOnStage();
  const fig = useMemo(() => {
    if (overlay) return overlayFigure(recordFrames, overlaySplit, theme, frame?.epoch ?? -1);
    if (!frame) return null;
    return epochFigure(onStage ? { ...frame, acc: null } : frame, theme, run.id);
  }, [overlay, recordFrames, overlaySplit, theme, frame, run.id, onStage]);
  useFigureExports(svg, 'basin-landscape-1d', frame, curveCsv);

  const result = frame?.result ?? null;
  const splitsAvailable = [...new Set(recordFrames.flatMap((f) => f.splits))];

  return (
    <div
      ref={rootRef}
      className="landscape"
      data-testid="landscape1d"
      data-resolution={frame?.resolution ?? 0}
      data-stage={frame?.stage ?? 'none'}
      data-epoch={frame?.epoch ?? ''}
      data-visible={visible ? 'yes' : 'no'}
    >
      <LandscapeControls {...controls} />
      <div className="landscape-row">
        <div className="segmented" role="radiogroup" aria-label="Curves">
          <label>
            <input
              type="radio"
              name="landscape1d-mode"
              checked={mode === 'epoch'}
              onChange={() => setMode('epoch')}
              data-testid="landscape1d-mode-epoch"
            />
            one epoch
          </label>
          <label title={recordFrames.length < 2 ? 'Needs curves at two or more epochs' : undefined}>
            <input
              type="radio"
              name="landscape1d-mode"
              checked={mode === 'overlay'}
              disabled={recordFrames.length < 2}
              onChange={() => setMode('overlay')}
              data-testid="landscape1d-mode-overlay"
            />
            all epochs
          </label>
        </div>
        {overlay && splitsAvailable.length > 1 && (
          <select
            value={overlaySplit}
            onChange={(e) => setOverlaySplit(e.target.value)}
            aria-label="Split shown"
          >
            {splitsAvailable.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
        <LogScaleToggle log={log} onLog={setLog} testId="landscape1d-log" />
      </div>
      <div className="landscape-figure">
        {fig ? (
          <LineFigure
            {...fig}
            xLabel="α (step along d)"
            leftLog={log}
            theme={theme}
            svgRef={setSvg}
            testId="landscape1d-figure"
            ariaLabel={
              overlay
                ? 'Loss along the direction d at every recorded epoch, coloured from dark (early) to light (late).'
                : `Loss and accuracy along the direction d at epoch ${frame?.epoch}; the table below has the numbers.`
            }
          />
        ) : (
          <div className="placeholder landscape-empty small">
            {controls.computation.busy
              ? 'Computing the curve…'
              : 'No curve yet: train and pause, or press Compute now.'}
          </div>
        )}
        {frame && frame.stage !== 'complete' && !overlay && (
          <span className="landscape-stage">
            {frame.stage === 'coarse'
              ? `coarse: ${frame.resolution} of ${frame.fullResolution} points, refining…`
              : `${frame.evaluated} of ${frame.total} points`}
          </span>
        )}
      </div>
      <EpochScrubber
        epochs={recordFrames.map((f) => f.epoch)}
        index={index}
        onIndex={setIndex}
        prefix="landscape1d"
        shownEpoch={frame?.epoch ?? null}
      />
      {frame && (
        <p className="chart-summary" data-testid="landscape1d-summary">
          {curveSummary(frame)}
        </p>
      )}
      <SharpnessReadout
        run={run}
        actions={actions}
        epoch={frame?.epoch ?? null}
        rises={result?.sharpness ?? null}
        along="d"
        settings={settings}
        testId="landscape1d-sharpness"
        visible={visible}
      />
      {frame && <CurveTable frame={frame} />}
    </div>
  );
}
