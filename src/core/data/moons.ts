import { Rng } from '../rng';
import { type Dataset, splitRows } from './dataset';

/**
 * Two interleaving half circles, with the geometry of scikit-learn's `make_moons`: the outer moon
 * (label 0) is (cos t, sin t), the inner one (label 1) is (1 − cos t, 1 − sin t − 0.5), t ∈ [0, π],
 * ⌊n/2⌋ outer points, then isotropic Gaussian noise of standard deviation `noise`.
 */
function makeMoons(n: number, noise: number, rng: Rng): { x: Float32Array; y: Int32Array } {
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const step = (count: number) => (count > 1 ? Math.PI / (count - 1) : 0);
  for (let i = 0; i < nOut; i++) {
    const t = i * step(nOut);
    x[2 * i] = Math.cos(t);
    x[2 * i + 1] = Math.sin(t);
  }
  for (let j = 0; j < nIn; j++) {
    const t = j * step(nIn);
    const i = nOut + j;
    x[2 * i] = 1 - Math.cos(t);
    x[2 * i + 1] = 1 - Math.sin(t) - 0.5;
    y[i] = 1;
  }
  for (let i = 0; i < 2 * n; i++) x[i] += noise * rng.normal();
  return { x, y };
}

export function moonsDataset(cfg: { n: number; noise: number; testFraction: number }, seed: number): Dataset {
  const rng = Rng.stream(seed, 'data', 'moons');
  const { x, y } = makeMoons(cfg.n, cfg.noise, rng);
  return {
    name: `two moons (n=${cfg.n}, noise=${cfg.noise})`,
    inputShape: [2],
    numClasses: 2,
    inputRange: null,
    ...splitRows(x, y, 2, cfg.testFraction, rng.permutation(cfg.n)),
  };
}
