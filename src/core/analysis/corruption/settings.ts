/** Settings shared by the corruption analyses: validated and defaulted with zod (links and bundles are untrusted). */
import { z } from 'zod';
import { BUDGET_MODES, GROUPINGS, NORMS, SCOPES, STARTS } from './kinds';

export const NormSchema = z.enum(NORMS);
export const BudgetModeSchema = z.enum(BUDGET_MODES);
export const ScopeSchema = z.enum(SCOPES);
export const GroupingSchema = z.enum(GROUPINGS);
export const StartSchema = z.enum(STARTS);
/** Restrict the corruption to one layer ("dense1") or tensor ("dense1/kernel"); null = the whole scope. */
export const GroupSchema = z.string().max(200).nullable().default(null);

/** K of the multi-step corruption. */
export const StepsSchema = z.number().int().min(1).max(100);
/** η/ε; 0 means the PGD convention 2.5/K (§4.1 [P]). */
export const StepScaleSchema = z.number().min(0).max(10).default(0);

/** A budget value: ε (absolute) or ρ (relative). */
export const BudgetValueSchema = z.number().min(0).max(1000);

/**
 * The fixed set gradients and ΔL are taken on (§3.3 [P]): the full moons training set, or a fixed MNIST
 * subset (the first `size` examples; the MNIST asset is class-balanced in every prefix). Accuracy is also
 * reported on the whole test set.
 */
export const EvalDataSchema = z.object({
  set: z.enum(['train', 'test']).default('train'),
  /** Examples of that set; null = all of it for 2-D data, 2000 for images (§3.3). */
  size: z.number().int().min(1).max(100000).nullable().default(null),
  /** Examples per forward/backward pass. */
  chunk: z.number().int().min(1).max(10000).default(500),
});
export type EvalDataSettings = z.infer<typeof EvalDataSchema>;
export const DEFAULT_EVAL_DATA: EvalDataSettings = { set: 'train', size: null, chunk: 500 };

/** Images subset size when `size` is null (§3.3: "a fixed 2k-image MNIST subset"). */
export const DEFAULT_IMAGE_SUBSET = 2000;

/** Parses settings with a schema, naming the offending fields in the error. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid ${what} settings: ${fields.join('; ')}`);
}
