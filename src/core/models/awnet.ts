/**
 * AW-Net, the Adversarial Weight-Varied Network (Wei, Zhao, Li, arXiv 2306.03430; docs/methods/awnet.md).
 * The paper's code is not public; what follows is our design [P]:
 * - every hidden layer of the classifier (dense or conv) is weight-varied: filter j of layer l is scaled per
 *   sample by r_{l,j}(x), computed exactly as (conv(x, W) ⊙ r(x)) + b, since conv and dense are linear in W
 *   (no per-sample kernels; the bias is not scaled);
 * - a router on the raw input (2-D points: dense 2 → 32 → 32; images: conv 8 → pool → dense 32, ReLU) gives
 *   shared features h(x), a detection head p(x) = σ(uᵀh + b) (the probability that x is adversarial) and
 *   one signal head per varied layer: 'tanh', r_l = 1 + λ·tanh(V_l h) with V_l starting at 0, or 'mix',
 *   r_l = (1 − p(x))·c_l + p(x)·a_l with learnable per-filter vectors c_l, a_l starting at 1. Both start as
 *   the plain network (r ≡ 1).
 * MixBN is left out: Basin's models have no batch normalisation.
 *
 * Parameters are laid out like every other model (kernels [in, out] / [kh, kw, in, out], filter = last
 * axis): the classifier's `dense0/kernel`, `conv0/bias`, … first, then the router's `router/…` tensors.
 */
import * as tf from '../tf';
import { maxPool2x2 } from '../ops';
import type { ModelConfig } from '../config';
import type { AwnetModelConfig } from './cards/awnet';
import { ACTIVATION_FNS, type ActivationName } from './activations';
import { type CnnLayer, type StackStep, planStack } from './cnn';
import { conv2dValid, needsManualConvGrad } from './conv';
import type { ForwardOptions, ForwardResult, Model, ParamSpec } from './model';

/** Width of the router's feature vector h(x). */
const ROUTER_WIDTH = 32;

/** The router's trunk: dense 32 → 32 on points, conv 8 (3×3) → pool → dense 32 on images. */
const ROUTER_POINTS: CnnLayer[] = [
  { type: 'dense', units: ROUTER_WIDTH },
  { type: 'dense', units: ROUTER_WIDTH },
];
const ROUTER_IMAGES: CnnLayer[] = [
  { type: 'conv', filters: 8, kernel: 3 },
  { type: 'pool' },
  { type: 'dense', units: ROUTER_WIDTH },
];

/** Weight-varied dense layer: (x·W ⊙ r) + b, r [batch, out]. With r ≡ 1 it is the plain layer bit for bit. */
export function variedDense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor, r: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.mul(tf.matMul(x, w), r), b);
}

/** Weight-varied conv layer (valid, stride 1): (conv(x, W) ⊙ r) + b, r [batch, out] broadcast over space. */
export function variedConv(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor,
  r: tf.Tensor2D,
  manualGrad = needsManualConvGrad(),
): tf.Tensor4D {
  const [batch, out] = r.shape;
  return tf.add(tf.mul(conv2dValid(x, w, manualGrad), r.reshape([batch, 1, 1, out])), b);
}

/** The router's outputs for a batch. */
interface RouterOutput {
  /** Detection logit s(x), [batch]; p(x) = σ(s). */
  detection: tf.Tensor1D;
  /** r_l(x) per weight-varied layer, [batch, C_l]. */
  signals: tf.Tensor2D[];
}

interface AwnetForward extends ForwardResult, RouterOutput {}

interface AwnetRouteOptions extends ForwardOptions {
  /**
   * What the router sees (default: x itself). An attack that "ignores the router" differentiates a forward
   * pass whose router input is the clean batch held fixed; the true model always routes x itself.
   */
  routerInput?: tf.Tensor;
}

export interface AwnetModel extends Model {
  kind: 'awnet';
  /** Indices of the router's tensors in `params`. */
  routerParams: number[];
  /** Names of the weight-varied layers (one signal head each), forward order. */
  variedLayers: string[];
  /** Number of classifier probes (the router's probes, when listed, come after them). */
  classifierProbes: number;
  /** The forward pass with the router's detection logit and signals. */
  route(params: readonly tf.Tensor[], x: tf.Tensor, options?: AwnetRouteOptions): AwnetForward;
}

export function isAwnet(model: Model): model is AwnetModel {
  return (model as Partial<AwnetModel>).kind === 'awnet';
}

/** The model as an AW-Net, or an error naming what is needed. */
export function requireAwnet(model: Model, who: string): AwnetModel {
  if (!isAwnet(model))
    throw new Error(`${who} needs the AW-Net model (model kind "awnet"); this run uses ${model.description}`);
  return model;
}

/**
 * Builds an AW-Net on `inputShape` ([d] for points, [h, w, c] for images) from its config: the classifier is
 * `cfg.hidden` with `cfg.activation` on points, the CNN preset `layers` (ReLU) on images.
 */
export function createAwnet(
  inputShape: readonly number[],
  numClasses: number,
  cfg: Pick<AwnetModelConfig, 'hidden' | 'activation' | 'signal' | 'lambda'>,
  cnnLayers: readonly CnnLayer[],
): AwnetModel {
  const images = inputShape.length === 3;
  const activation: ActivationName = images ? 'relu' : cfg.activation;
  const act = ACTIVATION_FNS[activation];
  const params: ParamSpec[] = [];
  const probeNames: string[] = [];
  const layers: CnnLayer[] = images ? [...cnnLayers] : cfg.hidden.map((units) => ({ type: 'dense', units }));
  const main = planStack('', inputShape, layers, params, 'AW-Net');
  const probesOf = (plan: readonly StackStep[], act: string) =>
    plan.flatMap((s) => (s.type === 'pool' ? [] : [`${params[s.p].layer} ${act} (${s.out})`]));
  probeNames.push(...probesOf(main.plan, activation));
  const classifierProbes = probeNames.length;
  // The classifier's output layer, numbered after the varied ones as in the MLP and the CNN.
  const outP = params.length;
  const outLayer = `dense${main.next}`;
  params.push({
    name: `${outLayer}/kernel`,
    shape: [main.width, numClasses],
    layer: outLayer,
    init: 'glorot',
  });
  params.push({ name: `${outLayer}/bias`, shape: [numClasses], layer: outLayer, init: 'zeros' });

  const routerStart = params.length;
  const router = planStack('router/', inputShape, images ? ROUTER_IMAGES : ROUTER_POINTS, params, 'AW-Net');
  probeNames.push(...probesOf(router.plan, 'relu'));
  const detectP = params.length;
  params.push({
    name: 'router/detect/kernel',
    shape: [router.width, 1],
    layer: 'router/detect',
    init: 'glorot',
  });
  params.push({ name: 'router/detect/bias', shape: [1], layer: 'router/detect', init: 'zeros' });
  const varied = main.plan.filter((s): s is Extract<StackStep, { p: number }> => s.type !== 'pool');
  const signalP = params.length;
  const variedLayers = varied.map((s) => params[s.p].layer);
  varied.forEach((s, l) => {
    const layer = `router/signal${l}`;
    if (cfg.signal === 'tanh')
      params.push({ name: `${layer}/kernel`, shape: [router.width, s.out], layer, init: 'zeros' });
    else {
      params.push({ name: `${layer}/clean`, shape: [s.out], layer, init: 'ones' });
      params.push({ name: `${layer}/adversarial`, shape: [s.out], layer, init: 'ones' });
    }
  });
  const routerParams = params.map((_, i) => i).filter((i) => i >= routerStart);

  /** Runs a plan; `scale(l)` is layer l's signal (null = plain layer); activations go to `probes`. */
  const run = (
    plan: readonly StackStep[],
    p: readonly tf.Tensor[],
    x: tf.Tensor,
    scale: (l: number) => tf.Tensor2D | null,
    activate: (t: tf.Tensor) => tf.Tensor,
    probes: tf.Tensor[] | null,
  ): tf.Tensor => {
    const manual = needsManualConvGrad();
    let t: tf.Tensor = images ? x.reshape([-1, ...inputShape]) : x.reshape([-1, inputShape[0]]);
    let l = 0;
    for (const step of plan) {
      if (step.type === 'pool') {
        t = maxPool2x2(t as tf.Tensor4D) as tf.Tensor4D;
        continue;
      }
      const r = scale(l++);
      const [w, b] = [p[step.p], p[step.p + 1]];
      if (step.type === 'conv')
        t = r
          ? variedConv(t as tf.Tensor4D, w as tf.Tensor4D, b, r, manual)
          : tf.add(conv2dValid(t as tf.Tensor4D, w as tf.Tensor4D, manual), b);
      else {
        if (t.rank !== 2) t = t.reshape([t.shape[0], -1]);
        t = r
          ? variedDense(t as tf.Tensor2D, w as tf.Tensor2D, b, r)
          : tf.add(tf.matMul(t as tf.Tensor2D, w as tf.Tensor2D), b);
      }
      t = activate(t);
      probes?.push(t);
    }
    return t.rank === 2 ? t : t.reshape([t.shape[0], -1]);
  };

  const routeFn = (p: readonly tf.Tensor[], x: tf.Tensor, options: AwnetRouteOptions = {}): AwnetForward => {
    const mainProbes: tf.Tensor[] | null = options.probes ? [] : null;
    const routerProbes: tf.Tensor[] | null = options.probes ? [] : null;
    const h = run(router.plan, p, options.routerInput ?? x, () => null, tf.relu, routerProbes) as tf.Tensor2D;
    const detection = tf
      .add(tf.matMul(h, p[detectP] as tf.Tensor2D), p[detectP + 1])
      .reshape([-1]) as tf.Tensor1D;
    const prob = cfg.signal === 'mix' ? tf.sigmoid(detection).expandDims(1) : null;
    const signals = varied.map((_, l) => {
      if (cfg.signal === 'tanh')
        return tf.add(
          1,
          tf.mul(tf.tanh(tf.matMul(h, p[signalP + l] as tf.Tensor2D)), cfg.lambda),
        ) as tf.Tensor2D;
      const [clean, adversarial] = [p[signalP + 2 * l], p[signalP + 2 * l + 1]];
      return tf.add(tf.mul(tf.sub(1, prob!), clean), tf.mul(prob!, adversarial)) as tf.Tensor2D;
    });
    const features = run(main.plan, p, x, (l) => signals[l], act, mainProbes) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(features, p[outP] as tf.Tensor2D), p[outP + 1]) as tf.Tensor2D;
    return { logits, probes: [...(mainProbes ?? []), ...(routerProbes ?? [])], detection, signals };
  };

  const base = images ? 'CNN' : `MLP ${[inputShape[0], ...cfg.hidden, numClasses].join('-')} (${activation})`;
  return {
    kind: 'awnet',
    description: `AW-Net: ${base}, ${varied.length} weight-varied layers, ${cfg.signal} router`,
    inputShape: [...inputShape],
    numClasses,
    params,
    probeNames,
    routerParams,
    variedLayers,
    classifierProbes,
    route: routeFn,
    apply(p, x, options = {}) {
      const { logits, probes } = routeFn(p, x, options);
      return { logits, probes };
    },
  };
}

/**
 * The model, parameters and snapshots analyses see: the whole AW-Net, or, with `routerInAnalyses` off, the
 * classifier alone (its parameters and probes), the router held at `params`' router tensors (also for
 * snapshots). Other models pass through.
 */
export function analysedModel<T>(
  model: Model,
  params: readonly tf.Tensor[],
  snapshots: readonly T[][],
  cfg: ModelConfig,
): { model: Model; params: readonly tf.Tensor[]; snapshots: readonly T[][] } {
  if (!isAwnet(model) || cfg.kind !== 'awnet' || cfg.routerInAnalyses) return { model, params, snapshots };
  const router = new Set(model.routerParams);
  const keep = model.params.map((_, i) => i).filter((i) => !router.has(i));
  const full = (p: readonly tf.Tensor[]) => {
    const out = [...params];
    keep.forEach((i, k) => (out[i] = p[k]));
    return out;
  };
  const view: AwnetModel = {
    ...model,
    description: `${model.description} (router held fixed)`,
    params: keep.map((i) => model.params[i]),
    probeNames: model.probeNames.slice(0, model.classifierProbes),
    routerParams: [],
    route: (p, x, options) => {
      const r = model.route(full(p), x, options);
      return { ...r, probes: r.probes.slice(0, model.classifierProbes) };
    },
    apply: (p, x, options) => {
      const r = model.route(full(p), x, options);
      return { logits: r.logits, probes: r.probes.slice(0, model.classifierProbes) };
    },
  };
  return {
    model: view,
    params: keep.map((i) => params[i]),
    snapshots: snapshots.map((s) => keep.map((i) => s[i])),
  };
}
