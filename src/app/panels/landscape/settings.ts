/**
 * Settings of the on-demand landscapes, shared by the 1-D and 2-D panels so both draw along the same
 * directions (direction k comes from the same seeded stream, so the curve's d is the surface's d₁). They
 * start from the run's `landscape` config section (the per-epoch pictures use exactly that) and keep what
 * the user changed here; changing them never restarts training. Defaults stay cheap: clean loss, 1,000
 * examples, 25×25.
 */
import { useSyncExternalStore } from 'react';
import type { ExperimentConfig } from '../../../core/config';
import {
  DEFAULT_RESOLUTION,
  type DirectionNormalization,
  type LandscapeKind,
  type LandscapeSplit,
} from '../../../core/analysis/landscape-options';

export interface LandscapeUiSettings {
  normalization: DirectionNormalization;
  includeBiases: boolean;
  /** 0 = the run's seed. */
  directionSeed: number;
  /** α, β ∈ [−span, span]. */
  span: number;
  /** Examples per split. */
  subset: number;
  /** Radius of the "largest loss rise within r" number. */
  radius: number;
  resolution1d: number;
  resolution2d: number;
  splits1d: LandscapeSplit[];
  splits2d: LandscapeSplit[];
  /** Robust landscape (docs/methods/awp.md#robust-landscape): PGD re-run against every perturbed model. */
  robust: boolean;
  /** PGD in the run's attack norm (its ε is in that norm). */
  robustAttack: 'pgd-linf' | 'pgd-l2';
  /** null = the run's attack ε. */
  robustEpsilon: number | null;
  robustSteps: number;
  robustSize: number;
}

type Overrides = Partial<LandscapeUiSettings>;
let overrides: Overrides = {};
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** The settings for a run: its config's landscape section, then what the user changed in the panels. */
export function settingsFor(config: ExperimentConfig, changed: Overrides = overrides): LandscapeUiSettings {
  const L = config.landscape;
  const resolution = (kind: LandscapeKind) =>
    L.kind === kind && L.resolution > 0 ? L.resolution : DEFAULT_RESOLUTION[kind];
  return {
    normalization: L.normalization,
    includeBiases: L.includeBiases,
    directionSeed: L.directionSeed,
    span: L.span,
    subset: L.subset,
    radius: 0.5,
    resolution1d: resolution('1d'),
    resolution2d: Math.min(resolution('2d'), 51),
    splits1d: [...L.splits],
    // A surface costs resolution² evaluations per split: train only unless asked.
    splits2d: ['train'],
    robust: false,
    robustAttack: config.attack.norm === 'l2' ? 'pgd-l2' : 'pgd-linf',
    robustEpsilon: null,
    robustSteps: 10,
    robustSize: 200,
    ...changed,
  };
}

export function useLandscapeSettings(
  config: ExperimentConfig,
): [LandscapeUiSettings, (patch: Overrides) => void] {
  const changed = useSyncExternalStore(subscribe, () => overrides);
  return [settingsFor(config, changed), updateSettings];
}

function updateSettings(patch: Overrides): void {
  overrides = { ...overrides, ...patch };
  listeners.forEach((l) => l());
}

/** What the fields shared by every landscape analysis send. */
const directionSettings = (s: LandscapeUiSettings) => ({
  normalization: s.normalization,
  includeBiases: s.includeBiases,
  directionSeed: s.directionSeed,
  subset: s.subset,
});

/** Settings of a `landscape-1d` / `landscape-2d` request (parsed and defaulted by the analysis). */
export function landscapeRequest(s: LandscapeUiSettings, kind: LandscapeKind) {
  return {
    ...directionSettings(s),
    resolution: kind === '1d' ? s.resolution1d : s.resolution2d,
    span: s.span,
    splits: kind === '1d' ? s.splits1d : s.splits2d,
    radius: s.radius,
    robust: s.robust
      ? { attack: s.robustAttack, epsilon: s.robustEpsilon, steps: s.robustSteps, size: s.robustSize }
      : null,
  };
}

/** Settings of a `sharpness` request: the same directions and radius as the pictures. */
export function sharpnessRequest(s: LandscapeUiSettings) {
  return { ...directionSettings(s), radius: s.radius, splits: ['train'] };
}

/** The config's per-epoch landscape section for recording `kind` every `every` epochs with these settings. */
export function recordingConfig(
  config: ExperimentConfig,
  s: LandscapeUiSettings,
  kind: LandscapeKind,
  every: number,
): ExperimentConfig {
  return {
    ...config,
    landscape: {
      ...config.landscape,
      every,
      kind,
      resolution: kind === '1d' ? s.resolution1d : s.resolution2d,
      span: s.span,
      splits: kind === '1d' ? s.splits1d : s.splits2d,
      subset: Math.min(s.subset, 10000),
      normalization: s.normalization,
      includeBiases: s.includeBiases,
      directionSeed: s.directionSeed,
    },
  };
}
