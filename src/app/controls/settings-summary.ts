/**
 * One plain line per settings group, shown beside the group's title while it is folded: what the group holds
 * now, by the names the form uses (never the config's ids), acronyms spelled out.
 */
import type { ExperimentConfig } from '../../core/config';
import { configuredAttackId } from '../../core/attacks/attack-ids';
import { ATTACK_CARDS } from '../../core/attacks/cards';
import { humanize } from '../../core/config-messages';
import { MODEL_PRESETS } from '../../core/models/presets';
import { METHOD_CARD } from '../../core/train/cards';
import type { MethodCard } from '../../core/train/card';
import { describeField, sectionShape } from './SchemaFields';
import type { z } from 'zod';

const count = (n: number) => n.toLocaleString('en');
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The model kinds in words, after the preset's name (which may use the acronym). */
const MODEL_KINDS: Record<ExperimentConfig['model']['kind'], string> = {
  mlp: 'multi-layer perceptron',
  cnn: 'convolutional neural network',
  awnet: 'a network whose layers a router scales',
};

/** What each family of methods does, in a few words, after the method's name. */
const FAMILY: Record<MethodCard['family'], string> = {
  clean: 'plain training',
  adversarial: 'adversarial training',
  'weight-corruption': 'training against corrupted weights',
  'weight-perturbation': 'adversarial training with perturbed weights',
  'layer-regularised': 'adversarial training with a layer regulariser',
  architecture: 'a robust architecture',
};

/** "two moons, 1,000 points, noise 0.15, test share 30 %". */
export function dataSummary(data: ExperimentConfig['data']): string {
  if (data.kind === 'moons')
    return `two moons, ${count(data.n)} points, noise ${data.noise}, test share ${percent(data.testFraction)}`;
  if (data.kind === 'mnist')
    return `MNIST handwritten digits, ${count(data.trainSize)} to train on, ${count(data.testSize)} to test`;
  return `your points (${data.name}), ${count(data.points.length)} points, test share ${percent(data.testFraction)}`;
}

/**
 * "Fast MLP 2-16-16-2 (multi-layer perceptron), tanh" (a preset), "Custom MLP (multi-layer perceptron): hidden
 * layers 8, 8, relu".
 */
export function modelSummary(config: ExperimentConfig): string {
  const { model } = config;
  const preset = MODEL_PRESETS.find(
    (p) => p.data.includes(config.data.kind) && JSON.stringify(p.model) === JSON.stringify(model),
  );
  const name = `${preset?.label ?? 'Custom MLP'} (${MODEL_KINDS[model.kind]})`;
  if (model.kind === 'cnn' || config.data.kind === 'mnist') return name;
  if (preset) return `${name}, ${model.activation}`;
  return `${name}: hidden layers ${model.hidden.length ? model.hidden.join(', ') : 'none'}, ${model.activation}`;
}

/** "PGD-AT (adversarial training), Adam, learning rate 0.01, batch 32, 30 epochs". */
export function trainingSummary(config: ExperimentConfig): string {
  const card = METHOD_CARD[config.training.method];
  const { optimizer, training } = config;
  return [
    `${card.label} (${FAMILY[card.family]})`,
    optimizer.kind === 'adam'
      ? 'Adam'
      : `SGD (stochastic gradient descent) with momentum ${optimizer.momentum}`,
    `learning rate ${optimizer.lr}`,
    ...(optimizer.weightDecay ? [`weight decay ${optimizer.weightDecay}`] : []),
    `batch ${count(training.batchSize)}`,
    `${count(training.epochs)} epochs`,
  ].join(', ');
}

/** "PGD (L∞), ε 0.2, 10 steps": the attack adversarial training runs. */
function attackSummary(attack: ExperimentConfig['attack']): string {
  const card = ATTACK_CARDS[configuredAttackId(attack)];
  const name = card.label.replace('FGSM', 'FGSM (fast gradient sign method)');
  return `${name}, ε ${attack.epsilon}${card.uses.steps ? `, ${attack.steps} steps` : ''}`;
}

/** "off", or "PGD (L∞), ε 0.2, 20 steps, every epoch" for the robust accuracy during training. */
function robustEvalSummary(r: ExperimentConfig['robustEval']): string {
  if (!r.enabled) return 'off';
  return `${attackSummary({ ...r, kind: 'pgd' })}, ${every(r.every)}`;
}

const every = (k: number) => (k === 1 ? 'every epoch' : `every ${k} epochs`);

/** A section drawn from its schema (a method's own settings): "Gamma 0.005, warmup 0, steps 1". */
export function schemaSummary(schema: z.ZodType, value: Record<string, unknown>): string {
  const shape = sectionShape(schema) ?? {};
  const parts = Object.entries(shape).flatMap(([key, field]) => {
    const kind = describeField(field).field.kind;
    const v = value[key];
    const shown =
      v === null
        ? 'auto'
        : typeof v === 'boolean'
          ? v
            ? 'on'
            : 'off'
          : Array.isArray(v)
            ? v.join(', ')
            : String(v);
    return kind === 'other' ? [] : [`${humanize(key).toLowerCase()} ${shown}`];
  });
  return parts.join(', ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The sections under "More settings" by what they do now: the attack always (the adversarial methods
 * read it), the others "off" until they are switched on.
 */
export function extraSummary(key: string, config: ExperimentConfig, schema: z.ZodType): string {
  if (key === 'attack') return attackSummary(config.attack);
  if (key === 'robustEval') return robustEvalSummary(config.robustEval);
  if (key === 'landscape')
    return config.landscape.every
      ? `${config.landscape.kind === '1d' ? '1-D line' : '2-D surface'}, ${every(config.landscape.every)}`
      : 'off (on request only)';
  if (key === 'lsa') return config.lsa.every ? every(config.lsa.every) : 'off (on request only)';
  return schemaSummary(schema, config[key as keyof ExperimentConfig] as Record<string, unknown>);
}
