import * as tf from '../tf';
import type { ExperimentConfig } from '../config';

/** Updates a run's parameter variables from their gradients (keyed by variable name, every variable). */
export interface ParameterOptimizer {
  /** One step; the gradients are the caller's to dispose. */
  applyGradients(grads: tf.NamedTensorMap): void;
  dispose(): void;
}

/**
 * Every parameter as one flat vector, so an optimiser's element-wise update is a handful of ops whatever
 * the number of tensors (tfjs' own optimisers run ~12 small ops per variable; on cpu/wasm each op's fixed
 * cost, not its arithmetic, dominates a small model's step; docs/engine-notes.md#wasm-kernels-and-threads).
 */
class FlatParameters {
  readonly sizes: number[];
  /** The vector last written by `assign`, valid while every variable still holds what it wrote. */
  private written: { flat: tf.Tensor1D; dataIds: tf.DataId[] } | null = null;

  constructor(readonly vars: readonly tf.Variable[]) {
    this.sizes = vars.map((v) => v.size);
  }

  /** The gradients in the variables' order, concatenated. */
  gradients(grads: tf.NamedTensorMap): tf.Tensor1D {
    return tf.concat(
      this.vars.map((v) => {
        const g = grads[v.name];
        if (!g) throw new Error(`no gradient for ${v.name}`);
        return g.reshape([-1]);
      }),
    ) as tf.Tensor1D;
  }

  /**
   * The variables' values, concatenated: the vector `assign` wrote unless a variable was assigned since
   * (AWP's perturbation, a restore), so a plain optimiser step does not concatenate them again.
   */
  values(): tf.Tensor1D {
    const w = this.written;
    if (w && this.vars.every((v, i) => v.dataId === w.dataIds[i])) return w.flat;
    return tf.concat(this.vars.map((v) => v.reshape([-1]))) as tf.Tensor1D;
  }

  /** Writes a flat vector back into the variables (one split: on wasm, src/core/wasm-kernels.ts's). */
  assign(flat: tf.Tensor1D): void {
    tf.split(flat, this.sizes).forEach((piece, i) => this.vars[i].assign(piece.reshape(this.vars[i].shape)));
    this.written?.flat.dispose();
    this.written = { flat: tf.keep(flat), dataIds: this.vars.map((v) => v.dataId) };
  }

  zeros(): tf.Variable {
    // tidy: a variable keeps its own handle on the data; the initial value must be released.
    return tf.tidy(() => tf.variable(tf.zeros([this.sizes.reduce((a, b) => a + b, 0)]), false));
  }

  dispose(): void {
    this.written?.flat.dispose();
    this.written = null;
  }
}

/** A scalar kept across steps (float32, as tfjs would make it from the number at each use). */
const constant = (value: number) => tf.keep(tf.scalar(value));

/**
 * Adam (Kingma & Ba 2015) with the exact element-wise formulas, constants and order of tfjs' AdamOptimizer,
 * on the flat vector: bit-identical parameters to tf.train.adam on the same backend, in ~15 ops per step.
 * The bias corrections 1 − β^t are float32 scalars that tfjs computes with two ops per step; here they are
 * computed in JavaScript with float32 rounding after every operation (Math.fround), which gives the same
 * bits as an IEEE float32 kernel.
 */
class FlatAdam implements ParameterOptimizer {
  private readonly flat: FlatParameters;
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly c: Record<
    'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon' | 'minusLr',
    tf.Scalar
  >;
  /** β₁^t and β₂^t, float32 values held as numbers. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    vars: readonly tf.Variable[],
    lr: number,
    private readonly beta1: number,
    private readonly beta2: number,
    epsilon: number,
  ) {
    this.flat = new FlatParameters(vars);
    this.m = this.flat.zeros();
    this.v = this.flat.zeros();
    this.c = {
      beta1: constant(beta1),
      oneMinusBeta1: constant(1 - beta1),
      beta2: constant(beta2),
      oneMinusBeta2: constant(1 - beta2),
      epsilon: constant(epsilon),
      minusLr: constant(-lr),
    };
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    const { c } = this;
    tf.tidy(() => {
      const g = this.flat.gradients(grads);
      const m = tf.add(tf.mul(this.m, c.beta1), tf.mul(g, c.oneMinusBeta1));
      const v = tf.add(tf.mul(this.v, c.beta2), tf.mul(tf.square(g), c.oneMinusBeta2));
      const mHat = tf.div(m, Math.fround(1 - this.accBeta1));
      const vHat = tf.div(v, Math.fround(1 - this.accBeta2));
      this.m.assign(m);
      this.v.assign(v);
      const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), c.epsilon)), c.minusLr);
      this.flat.assign(tf.add(step, this.flat.values()));
    });
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }

  dispose(): void {
    this.flat.dispose();
    tf.dispose([this.m, this.v, ...Object.values(this.c)]);
  }
}

/** SGD with (heavy-ball) momentum with tfjs' MomentumOptimizer's formulas, on the flat vector: bit-identical. */
class FlatMomentum implements ParameterOptimizer {
  private readonly flat: FlatParameters;
  private readonly accumulation: tf.Variable;
  private readonly c: tf.Scalar;
  private readonly momentum: tf.Scalar;

  constructor(vars: readonly tf.Variable[], lr: number, momentum: number) {
    this.flat = new FlatParameters(vars);
    this.accumulation = this.flat.zeros();
    this.c = constant(-lr);
    this.momentum = constant(momentum);
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      const accumulation = tf.add(tf.mul(this.momentum, this.accumulation), this.flat.gradients(grads));
      this.accumulation.assign(accumulation);
      this.flat.assign(tf.add(tf.mul(this.c, accumulation), this.flat.values()) as tf.Tensor1D);
    });
  }

  dispose(): void {
    this.flat.dispose();
    tf.dispose([this.accumulation, this.c, this.momentum]);
  }
}

/**
 * The optimiser of a run over its variables. Adam's epsilon is passed explicitly: tfjs otherwise takes the
 * backend's (1e-4 on webgl, 1e-7 elsewhere) and curves differ by backend (docs/engine-notes.md#the-webgl-epsilon).
 */
export function createOptimizer(
  cfg: ExperimentConfig['optimizer'],
  vars: readonly tf.Variable[],
): ParameterOptimizer {
  return cfg.kind === 'adam'
    ? new FlatAdam(vars, cfg.lr, 0.9, 0.999, 1e-7)
    : new FlatMomentum(vars, cfg.lr, cfg.momentum);
}
