// Temporary stand-in until src/core/bundle-schema.ts (data helper) is on main.
import type { ExperimentConfig } from '../core/config';
import type { AnalysisRecord, EpochMetrics } from '../core/events';

export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;
export interface RunBundle {
  config: ExperimentConfig;
  parameters: { epoch: number; final: { name: string; shape: number[]; values: number[] }[] };
  metrics: EpochMetrics[];
  analyses: AnalysisRecord[];
}
export function checkBundleSize(bytes: number): string | null {
  return bytes > MAX_BUNDLE_BYTES ? `the file is too large` : null;
}
export function parseBundle(
  json: unknown,
): { ok: true; bundle: RunBundle } | { ok: false; errors: string[] } {
  const b = json as RunBundle | null;
  if (!b || typeof b !== 'object' || !(b as unknown as { format?: string }).format)
    return { ok: false, errors: ['not a Basin run bundle'] };
  return { ok: true, bundle: b };
}
export function finalParamValues(bundle: RunBundle): Float32Array[] {
  return bundle.parameters.final.map((t) => Float32Array.from(t.values));
}
