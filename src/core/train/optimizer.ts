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

  values(): tf.Tensor1D {
    return tf.concat(this.vars.map((v) => v.reshape([-1]))) as tf.Tensor1D;
  }

  /** Writes a flat vector back into the variables (one slice each: wasm's split copies far more). */
  assign(flat: tf.Tensor1D): void {
    let offset = 0;
    this.vars.forEach((v, i) => {
      v.assign(tf.slice(flat, offset, this.sizes[i]).reshape(v.shape));
      offset += this.sizes[i];
    });
  }

  zeros(): tf.Variable {
    // tidy: a variable keeps its own handle on the data; the initial value must be released.
    return tf.tidy(() => tf.variable(tf.zeros([this.sizes.reduce((a, b) => a + b, 0)]), false));
  }
}

/**
 * Adam (Kingma & Ba 2015) with the exact element-wise formulas, constants and order of tfjs' AdamOptimizer,
 * on the flat vector: bit-identical parameters to tf.train.adam on the same backend, in ~20 ops per step.
 */
class FlatAdam implements ParameterOptimizer {
  private readonly flat: FlatParameters;
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;

  constructor(
    vars: readonly tf.Variable[],
    private readonly lr: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number,
  ) {
    this.flat = new FlatParameters(vars);
    this.m = this.flat.zeros();
    this.v = this.flat.zeros();
    [this.accBeta1, this.accBeta2] = tf.tidy(() =>
      [beta1, beta2].map((b) => tf.variable(tf.scalar(b), false)),
    );
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      const g = this.flat.gradients(grads);
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
      const mHat = tf.div(m, oneMinusAccBeta1);
      const vHat = tf.div(v, oneMinusAccBeta2);
      this.m.assign(m);
      this.v.assign(v);
      const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.lr);
      this.flat.assign(tf.add(step, this.flat.values()));
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.accBeta1, this.accBeta2]);
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
    this.c = tf.keep(tf.scalar(-lr));
    this.momentum = tf.keep(tf.scalar(momentum));
  }

  applyGradients(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      const accumulation = tf.add(tf.mul(this.momentum, this.accumulation), this.flat.gradients(grads));
      this.accumulation.assign(accumulation);
      this.flat.assign(tf.add(tf.mul(this.c, accumulation), this.flat.values()) as tf.Tensor1D);
    });
  }

  dispose(): void {
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
