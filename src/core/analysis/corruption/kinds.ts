/**
 * The names of the corruption choices, free of tfjs so that the config schema (which the UI thread parses)
 * can use them without loading the engine.
 */

/** The corruption norm p: L2 (p = 2, dual q = 2) or L∞ (p = ∞, dual q = 1). docs/methods/corruption.md#the-indicator. */
export const NORMS = ['l2', 'linf'] as const;
export type Norm = (typeof NORMS)[number];

/**
 * How ε is set (docs/methods/corruption.md#the-indicator, docs/methods/corruption.md#apd-training): `absolute` ε; `relative` ε = ρ·‖θ_S‖_p over the corrupted tensors S
 * [P]; `layer-relative` one ball per parameter tensor, ε_l = ρ·‖θ_l‖_p [P] (a layer's kernel and bias are
 * separate tensors).
 */
export const BUDGET_MODES = ['absolute', 'relative', 'layer-relative'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

/** `all`: every trainable tensor, biases included (docs/methods/corruption.md#the-indicator [U]); `kernels`: weight tensors (rank ≥ 2) only. */
export const SCOPES = ['all', 'kernels'] as const;
export type Scope = (typeof SCOPES)[number];

/** `tensor`: a layer's kernel and bias are separate groups; `layer`: one group per layer. */
export const GROUPINGS = ['tensor', 'layer'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** a_0 of the multi-step corruption: 0 (docs/methods/corruption.md#multi-step-corruption default) or a random point inside the budget (option) [U/P]. */
export const STARTS = ['zero', 'random'] as const;
