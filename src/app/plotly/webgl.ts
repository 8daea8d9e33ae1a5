/**
 * WebGL for 3-D figures: whether the browser has it, and one slot, because browsers drop the oldest WebGL
 * contexts when too many are alive (docs/engine-notes.md#performance-rules: at most one 3-D figure at a time).
 * A figure that wants 3-D claims the slot; any other 3-D figure then falls back to its 2-D view.
 */
import { useEffect, useSyncExternalStore } from 'react';

let available: boolean | null = null;

/** True when a WebGL context can be created (checked once; the probe context is released at once). */
export function hasWebgl(): boolean {
  if (available !== null) return available;
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    available = gl !== null;
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    available = false;
  }
  return available;
}

let owner: string | null = null;
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const setOwner = (next: string | null) => {
  if (owner === next) return;
  owner = next;
  listeners.forEach((l) => l());
};

/**
 * While `wanted`, claims the 3-D slot for `id` (taking it from any other figure). Returns whether `id` may
 * draw in 3-D now.
 */
export function useWebglSlot(id: string, wanted: boolean): boolean {
  const current = useSyncExternalStore(subscribe, () => owner);
  useEffect(() => {
    if (!wanted) return;
    setOwner(id);
    return () => {
      if (owner === id) setOwner(null);
    };
  }, [id, wanted]);
  return wanted && current === id;
}
