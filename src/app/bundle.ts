/**
 * Opening a run bundle on the main thread: size check before reading, JSON, schema and plausibility checks
 * before anything changes (the bundle reader is tfjs-free; core/bundle-checks.ts). Only a valid bundle
 * reaches the engine, which also refuses weights whose outputs overflow.
 */
import type { LoadedRun } from '../worker/protocol';
import { checkBundleSize, finalParamValues, parseBundle } from '../core/bundle-schema';

export type BundleRead =
  { ok: true; run: LoadedRun; label: string } | { ok: false; title: string; errors: string[] };

export async function readBundleFile(file: File): Promise<BundleRead> {
  const title = `${file.name} could not be opened; the current run is unchanged.`;
  const tooBig = checkBundleSize(file.size);
  if (tooBig) return { ok: false, title, errors: [tooBig] };
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return {
      ok: false,
      title,
      errors: [
        'The file is not JSON (its text is cut short or damaged); a run bundle is the .json file that “Download run” saves.',
      ],
    };
  }
  const parsed = parseBundle(json);
  if (!parsed.ok) return { ok: false, title, errors: parsed.errors };
  const b = parsed.bundle;
  return {
    ok: true,
    label: `${file.name} (trained on ${b.backend})`,
    run: {
      config: b.config,
      params: finalParamValues(b),
      epoch: b.parameters.epoch,
      history: b.metrics,
      analyses: b.analyses,
      // Per-epoch snapshots (index = epoch), if the bundle has all of them in order.
      snapshots: b.parameters.snapshots?.every((snap, i) => snap.epoch === i)
        ? b.parameters.snapshots.map((snap) => snap.values.map((v) => Float32Array.from(v)))
        : undefined,
    },
  };
}
