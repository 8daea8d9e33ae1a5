/**
 * One-click presets (the preset gallery): pure data. A preset is a configuration, optionally with a
 * comparison partner that differs from it in ONE setting, and the analyses worth running after training.
 */
import type { ExperimentConfig } from '../config';
import { type ConfigPatch, applyPatch } from '../config-patch';

/** An analysis to run after training (registry id and its settings). */
interface PresetAnalysis {
  analysis: string;
  settings?: Record<string, unknown>;
}

export interface GalleryPreset {
  /** URL-friendly, unique. */
  id: string;
  title: string;
  /** What it shows and what to look for (a few sentences; measured numbers where we have them). */
  description: string;
  /** The issues' topics it belongs to, for grouping the gallery. */
  topics: string[];
  /** The configuration, over the defaults. */
  config: ConfigPatch;
  /** The name of the preset's own run when it is compared with its partner. */
  label: string;
  /** A second run differing in one setting (e.g. AT vs AT-AWP), trained side by side. */
  partner?: { label: string; patch: ConfigPatch };
  /** Analyses to run on every run once trained. */
  analyses?: PresetAnalysis[];
}

/** The preset's run(s), each with its full, strictly parsed configuration. */
export function presetRuns(preset: GalleryPreset): { label: string; config: ExperimentConfig }[] {
  const config = applyPatch({}, preset.config);
  const runs = [{ label: preset.label, config }];
  if (preset.partner)
    runs.push({ label: preset.partner.label, config: applyPatch(config, preset.partner.patch) });
  return runs;
}
