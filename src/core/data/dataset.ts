/** A dataset as plain arrays: the engine uploads it once; the UI can draw it without tfjs. */
export interface Dataset {
  /** Human-readable name, e.g. "two moons (n=1000, noise=0.15)". */
  name: string;
  /** Shape of one example, e.g. [2] or [28, 28, 1]. */
  inputShape: number[];
  numClasses: number;
  xTrain: Float32Array;
  yTrain: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
  /**
   * Valid input range for adversarial examples: [0, 1] for images; null for moons/CSV points, which are
   * never clipped (docs/methods/attacks.md#data-range).
   */
  inputRange: [number, number] | null;
  /** For MNIST: indices of the samples into the shipped 10k asset, so a bundle can name them. */
  sourceIndices?: { train: Int32Array; test: Int32Array };
}

export const exampleSize = (d: Pick<Dataset, 'inputShape'>) => d.inputShape.reduce((a, b) => a * b, 1);

/** Splits rows into train/test by a seeded permutation (the first ⌈(1−f)·n⌉ shuffled rows train). */
export function splitRows(
  x: Float32Array,
  y: Int32Array,
  dim: number,
  testFraction: number,
  perm: Int32Array,
): Pick<Dataset, 'xTrain' | 'yTrain' | 'xTest' | 'yTest'> {
  const n = y.length;
  const nTest = Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
  const nTrain = n - nTest;
  const take = (from: number, count: number) => {
    const xs = new Float32Array(count * dim);
    const ys = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const src = perm[from + i];
      xs.set(x.subarray(src * dim, src * dim + dim), i * dim);
      ys[i] = y[src];
    }
    return [xs, ys] as const;
  };
  const [xTrain, yTrain] = take(0, nTrain);
  const [xTest, yTest] = take(nTrain, nTest);
  return { xTrain, yTrain, xTest, yTest };
}
