/**
 * What the 1-D and 2-D landscape panels share: the settings, the recorded frames (newest per epoch), the
 * computation, and the frame to draw — the epoch chosen on the scrubber, else the computation in progress
 * (refining, its redraws throttled), else the latest record — frozen while the panel is out of view.
 */
import { useMemo, useState } from 'react';
import type { LandscapeKind } from '../../../core/analysis/landscape-options';
import type { LandscapeResult } from '../../../core/analysis/landscape';
import type { RunView } from '../../store/runs';
import type { LabActions } from '../types';
import { frameFromPartial, frameFromResult, type LandscapeFrame, REFINE_REDRAW_MS } from './frames';
import { useAnalysisRecords, useFrozenWhenHidden, useRefineThrottle } from './hooks';
import { progressOf } from './records';
import { landscapeRequest, useLandscapeSettings } from './settings';

export function useLandscapePicture(
  run: RunView,
  actions: LabActions,
  kind: LandscapeKind,
  visible: boolean,
) {
  const id = `landscape-${kind}`;
  const [settings, update] = useLandscapeSettings(run.config);
  const [index, setIndex] = useState<number | null>(null);
  const { records, computation } = useAnalysisRecords<LandscapeResult>({
    run,
    actions,
    id,
    visible,
    auto: landscapeRequest(settings, kind),
    perEpoch: true,
  });
  const recordFrames = useMemo(() => records.map((r) => frameFromResult(r.result, r.epoch)), [records]);
  const live = progressOf(run, id);
  // The coarse picture shows at once; the refining grid is redrawn at most every REFINE_REDRAW_MS.
  const partial = useRefineThrottle(live?.partial ?? null, REFINE_REDRAW_MS);
  const liveEpoch = live?.epoch;
  const liveFrame = useMemo(
    () => (partial && liveEpoch !== undefined ? frameFromPartial(partial, liveEpoch) : null),
    [partial, liveEpoch],
  );
  const chosen = index !== null && index < recordFrames.length ? recordFrames[index] : null;
  const frame: LandscapeFrame | null = useFrozenWhenHidden(
    chosen ?? liveFrame ?? recordFrames[recordFrames.length - 1] ?? null,
    visible,
  );
  // "Compute now" shows the new computation, not the epoch chosen on the scrubber.
  const onCompute = () => {
    setIndex(null);
    computation.compute(landscapeRequest(settings, kind));
  };
  return {
    settings,
    recordFrames,
    frame,
    index,
    setIndex,
    /** The props of LandscapeControls. */
    controls: {
      kind,
      run,
      actions,
      settings,
      update,
      computation,
      onCompute,
      fraction: live ? live.fraction : null,
    },
  };
}
