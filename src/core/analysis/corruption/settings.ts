/** Settings shared by the corruption analyses: validated and defaulted with zod (links and bundles are untrusted). */
import { z } from 'zod';
import { BUDGET_MODES, GROUPINGS, NORMS, SCOPES, STARTS } from './kinds';

/** Help texts of the analysis settings, with the evidence tags of docs/methods/README.md (for the UI's help popovers). */
export const SETTING_HELP = {
  grids:
    'ε grids, drawn on a log axis. Suggested (docs/methods/corruption.md#figures [P]): L2 relative ρ ∈ {0.005 … 0.2}·‖θ‖₂; L∞ absolute ε ∈ {1e-4 … 1e-1}.',
  norm: "Corruption norm: L2 (‖a‖₂ ≤ ε) or L∞ (every |a_i| ≤ ε) (docs/methods/corruption.md#the-indicator [D]; the paper's exact constraint set is unverified [U]).",
  mode: 'ε absolute, or relative to the weights: ε = ρ·‖θ‖ over the corrupted tensors [P], or one budget per tensor ε_l = ρ·‖θ_l‖ [P]. Which the papers used is unverified [U].',
  value: 'ε for an absolute budget, ρ for a relative one.',
  scope:
    'Corrupt every parameter, biases included (our reading of the paper [U], docs/methods/corruption.md#the-indicator), or the kernels only.',
  group:
    'Restrict the corruption to one layer (e.g. "dense1") or one tensor (e.g. "dense1/kernel"); none = the whole scope.',
  randomTrials:
    'N random corruptions per ε, the same N directions at every ε (N = 20 suggested [P], docs/methods/corruption.md#figures).',
  multiSteps:
    'K of the multi-step curves (docs/methods/corruption.md#figures: 1, 3 and 10 [P]). K = 1 from a₀ = 0 equals the one-step corruption.',
  steps:
    'K, the number of steps of the multi-step corruption (docs/methods/corruption.md#multi-step-corruption [U/P]).',
  stepScale:
    'Step size η as a fraction of ε; 0 = the PGD convention η = 2.5ε/K (docs/methods/corruption.md#multi-step-corruption [P]).',
  start:
    'Start the multi-step corruption at a₀ = 0 (default) or at a random point inside the budget (docs/methods/corruption.md#multi-step-corruption [U/P]).',
  sparse:
    'n-sparse one-step corruption: change only the n parameters with the largest |g_i| (0 = all). Recalled from the paper, unverified [U].',
  grouping: "Bars per tensor (a layer's kernel and bias apart) or per layer.",
  layerSteps: 'Also measure a K-step corruption inside each group (0 = one-step only).',
  resolution:
    'Grid points per axis of the loss surface (25×25 is a good in-browser size, docs/methods/landscapes.md#2-d-surfaces [P]).',
  span: 'The surface covers [−span, span]² in units of ‖a_K‖; a_K sits at (1, 0).',
  data: 'The set gradients and ΔL are taken on: the full moons training set, or a fixed 2,000-image MNIST subset (docs/methods/corruption.md#figures [P]). Accuracy is also shown on the whole test set.',
  keepVectors:
    'Keep the corruption vectors (a*, a_K, the random directions and starts) in the result and the run bundle.',
} as const;

export const NormSchema = z.enum(NORMS);
export const BudgetModeSchema = z.enum(BUDGET_MODES);
export const ScopeSchema = z.enum(SCOPES);
export const GroupingSchema = z.enum(GROUPINGS);
export const StartSchema = z.enum(STARTS);
/** Restrict the corruption to one layer ("dense1") or tensor ("dense1/kernel"); null = the whole scope. */
export const GroupSchema = z.string().max(200).nullable().default(null).describe(SETTING_HELP.group);

/** K of the multi-step corruption. */
export const StepsSchema = z.number().int().min(1).max(100);
/** η/ε; 0 means the PGD convention 2.5/K (docs/methods/corruption.md#multi-step-corruption [P]). */
export const StepScaleSchema = z.number().min(0).max(10).default(0).describe(SETTING_HELP.stepScale);

/** A budget value: ε (absolute) or ρ (relative). */
export const BudgetValueSchema = z.number().min(0).max(1000);

/**
 * The fixed set gradients and ΔL are taken on (docs/methods/corruption.md#figures [P]): the full moons training set, or a fixed MNIST
 * subset (the first `size` examples; the MNIST asset is class-balanced in every prefix). Accuracy is also
 * reported on the whole test set.
 */
export const EvalDataSchema = z.object({
  set: z.enum(['train', 'test']).default('train'),
  /** Examples of that set; null = all of it for 2-D data, 2000 for images (docs/methods/corruption.md#figures). */
  size: z.number().int().min(1).max(100000).nullable().default(null),
  /** Examples per forward/backward pass. */
  chunk: z.number().int().min(1).max(10000).default(500),
});
export type EvalDataSettings = z.infer<typeof EvalDataSchema>;
export const DEFAULT_EVAL_DATA: EvalDataSettings = { set: 'train', size: null, chunk: 500 };

/** Images subset size when `size` is null (docs/methods/corruption.md#figures: "a fixed 2k-image MNIST subset"). */
export const DEFAULT_IMAGE_SUBSET = 2000;

/** Parses settings with a schema, naming the offending fields in the error. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid ${what} settings: ${fields.join('; ')}`);
}
