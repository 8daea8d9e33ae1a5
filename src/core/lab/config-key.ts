import type { ExperimentConfig } from '../config';

/** A canonical text of a configuration (keys sorted): equal keys mean the same run, epoch for epoch. */
export function configKey(config: ExperimentConfig): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canonical(config));
}
