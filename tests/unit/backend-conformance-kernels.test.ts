/**
 * The kernels the engine relies on, computed on cpu and on wasm: where a tfjs kernel differs between backends,
 * the engine uses a replacement from src/core/ops.ts (docs/engine-notes.md, "Backend traps we guard against").
 */
import { describe, expect, it } from 'vitest';
import * as tf from '../../src/core/tf';
import { sign } from '../../src/core/ops';
import { NODE_BACKENDS } from '../../src/node/backend';
import { useBackend } from './helpers';

// Magnitudes around and far below wasm Sign's FLT_EPSILON cut-off, of both signs, plus ±0 and NaN.
const TINY = [1e-12, 1e-10, 1e-8, 1e-7, 1.1920928955078125e-7, 1.2e-7, 1e-6, 1, 1e30];
const SIGN_INPUT = [...TINY, ...TINY.map((v) => -v), 0, -0, NaN];
const SIGN_EXPECTED = [...TINY.map(() => 1), ...TINY.map(() => -1), 0, 0, 0];

describe.each(NODE_BACKENDS)('kernels on %s', (backend) => {
  it('sign is ±1 for every non-zero input, however small, and 0 at ±0 and NaN', async () => {
    await useBackend(backend);
    const s = sign(tf.tensor1d(SIGN_INPUT));
    expect(Array.from(await s.data())).toEqual(SIGN_EXPECTED);
    s.dispose();
  });
});
