/**
 * Which parameters a corruption touches (docs/methods/corruption.md#the-indicator): all trainable tensors, biases included, unless
 * restricted [U]; or one group at a time for the per-layer indicator.
 */
import { type ParamSpec, isWeight } from '../../models/model';
import type { Grouping, Scope } from './kinds';

/**
 * Indices of the parameter tensors a scope covers, optionally narrowed to one group: a layer ("dense1") or a
 * single tensor ("dense1/kernel").
 */
export function scopeIndices(
  specs: readonly Pick<ParamSpec, 'shape' | 'name' | 'layer'>[],
  scope: Scope,
  group: string | null = null,
): number[] {
  const indices = specs.flatMap((p, i) =>
    (scope === 'all' || isWeight(p.shape)) && (group === null || p.layer === group || p.name === group)
      ? [i]
      : [],
  );
  if (indices.length === 0)
    throw new Error(
      `The corruption scope "${scope}"${group === null ? '' : ` in "${group}"`} covers no parameters`,
    );
  return indices;
}

/** A group of parameter tensors corrupted on its own (per-layer indicator, docs/methods/corruption.md#the-indicator / docs/methods/corruption.md#figures item 2). */
export interface ParamGroup {
  /** e.g. "dense1/kernel", or "dense1" for a whole layer. */
  name: string;
  layer: string;
  kind: 'kernel' | 'bias' | 'layer';
  /** Indices into the model's parameter list. */
  indices: number[];
  /** Number of scalar parameters in the group. */
  size: number;
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The model's parameters split into groups, in model order. */
export function parameterGroups(specs: readonly ParamSpec[], grouping: Grouping): ParamGroup[] {
  if (grouping === 'tensor')
    return specs.map((p, i) => ({
      name: p.name,
      layer: p.layer,
      kind: isWeight(p.shape) ? 'kernel' : 'bias',
      indices: [i],
      size: count(p.shape),
    }));
  const layers = new Map<string, number[]>();
  specs.forEach((p, i) => layers.set(p.layer, [...(layers.get(p.layer) ?? []), i]));
  return [...layers].map(([layer, indices]) => ({
    name: layer,
    layer,
    kind: 'layer',
    indices,
    size: indices.reduce((n, i) => n + count(specs[i].shape), 0),
  }));
}
