/**
 * Playback over training: a play button and a scrub slider over the epochs that have a picture. `index`
 * null means "follow the newest" (and whatever is being computed).
 */
import { useEffect, useState } from 'react';

/** Time each epoch's picture stays on screen while playing. */
const FRAME_MS = 700;

export function EpochScrubber(props: {
  epochs: number[];
  /** The shown frame, or null = the newest. */
  index: number | null;
  onIndex(index: number | null): void;
  /** Prefix of the test ids: `${prefix}-epoch-slider`, `${prefix}-play`, `${prefix}-epoch`. */
  prefix: string;
  /** The epoch on screen (may be a computation in progress). */
  shownEpoch: number | null;
}) {
  const { epochs, index, onIndex, prefix, shownEpoch } = props;
  const [playing, setPlaying] = useState(false);
  const last = epochs.length - 1;
  const at = index ?? last;
  useEffect(() => {
    if (!playing) return;
    if (at >= last) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => onIndex(at + 1 >= last ? null : at + 1), FRAME_MS);
    return () => clearTimeout(t);
  }, [playing, at, last, onIndex]);
  const play = () => {
    if (playing) return setPlaying(false);
    if (at >= last) onIndex(0);
    setPlaying(true);
  };
  return (
    <div className="scrubber">
      <button
        type="button"
        className="small"
        onClick={play}
        disabled={epochs.length < 2}
        aria-pressed={playing}
        data-testid={`${prefix}-play`}
        title={epochs.length < 2 ? 'Needs pictures at two or more epochs' : 'Play the pictures over training'}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(0, last)}
        step={1}
        value={Math.max(0, at)}
        disabled={epochs.length < 2}
        onChange={(e) => {
          setPlaying(false);
          const i = Number(e.target.value);
          onIndex(i >= last ? null : i);
        }}
        aria-label="Epoch of the picture"
        aria-valuetext={shownEpoch === null ? 'none' : `epoch ${shownEpoch}`}
        data-testid={`${prefix}-epoch-slider`}
      />
      <span className="scrubber-epoch" data-testid={`${prefix}-epoch`} data-value={shownEpoch ?? ''}>
        {shownEpoch === null ? 'no picture yet' : `epoch ${shownEpoch}`}
        {epochs.length > 1 && ` · ${epochs.length} recorded (${epochs[0]}–${epochs[last]})`}
      </span>
    </div>
  );
}
