/**
 * The sequential colour scale of the landscape panels: viridis (perceptually uniform, colour-blind safe),
 * as sampled stops interpolated in sRGB. The SVG figures use `viridis(t)`; the Plotly 3-D surface uses
 * Plotly's built-in 'Viridis' scale.
 */
import type { Theme } from '../../theme/themes';

const STOPS = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** The viridis colour at t ∈ [0, 1]. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, k) => Math.round(v + f * (STOPS[i + 1][k] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * The part of viridis that reads on the theme's background: its dark end vanishes on a dark page and its
 * yellow end on a white one.
 */
export function epochColour(theme: Theme, t: number): string {
  const [lo, hi] = theme.name === 'dark' ? [0.18, 1] : [0, 0.88];
  return viridis(lo + t * (hi - lo));
}
