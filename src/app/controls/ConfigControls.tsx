import { memo, useState, type ReactNode } from 'react';
import { DocLink } from '../docs/DocLink';
import {
  BACKENDS,
  LANDSCAPE_WORKERS_MAX,
  type BackendChoice,
  type ExperimentConfig,
  ExperimentConfigSchema,
  attackDefaults,
  parseConfig,
} from '../../core/config';
import { readDecimal } from '../../core/config-messages';
import { METHOD_CARD, METHOD_CARDS, METHOD_SETTINGS_SHAPE } from '../../core/train/cards';
import { parseCsvPoints } from '../../core/data/csv';
import { NumberField, SelectField } from './fields';
import { SectionFields } from './SchemaFields';
import { useFieldProblem } from './field-problems';
import { MODEL_PRESETS } from '../../core/models/presets';
import { ACTIVATIONS } from '../../core/models/cards/mlp';
import { AwnetModelSchema } from '../../core/models/cards/awnet';
import { SECTION_TITLES, humanize } from '../../core/config-messages';
import { modelFor } from '../../core/config-repair';
import { dataSummary, extraSummary, modelSummary, schemaSummary, trainingSummary } from './settings-summary';
import './ConfigControls.css';

type DataKind = ExperimentConfig['data']['kind'];
type Activation = (typeof ACTIVATIONS)[number];

/** Largest CSV file read (20,000 rows fit in well under this). */
const MAX_CSV_BYTES = 5 * 1024 * 1024;

export interface ConfigControlsProps {
  config: ExperimentConfig;
  onChange(next: ExperimentConfig): void;
}

const BACKEND_LABELS: Record<BackendChoice, string> = {
  auto: 'auto (fastest for this model)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (wasm)',
  cpu: 'plain JavaScript (cpu)',
};

/** The landscape-workers choices: auto, or a count (1: the engine's worker alone). */
const LANDSCAPE_WORKER_OPTIONS = [
  { value: 'auto', label: 'auto (one per free core)' },
  ...Array.from({ length: LANDSCAPE_WORKERS_MAX }, (_, i) => ({
    value: String(i + 1),
    label: i === 0 ? '1 (off: one worker)' : String(i + 1),
  })),
];

/** 'auto' is the setting left out, so links and bundles stay as they were before it existed. */
function withLandscapeWorkers(config: ExperimentConfig, value: string): ExperimentConfig {
  const next = { ...config };
  if (value === 'auto') delete next.landscapeWorkers;
  else next.landscapeWorkers = Number(value);
  return next;
}

function samePreset(a: ExperimentConfig['model'], b: ExperimentConfig['model']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keeps the model valid for the data: MLPs for points, CNNs for images. */
function withData(config: ExperimentConfig, data: ExperimentConfig['data']): ExperimentConfig {
  const model = modelFor(data.kind, config.model);
  // Attack settings have per-dataset defaults (docs/methods/attacks.md#defaults): switch them with the data.
  const attacks = (data.kind === 'mnist') !== (config.data.kind === 'mnist') ? attackDefaults(data.kind) : {};
  const training =
    data.kind === 'mnist' && config.data.kind !== 'mnist'
      ? {
          ...config.training,
          epochs: Math.min(config.training.epochs, 5),
          batchSize: Math.max(config.training.batchSize, 64),
        }
      : config.training;
  return { ...config, ...attacks, data, model, training };
}

/**
 * Sections with hand-made controls, or none (`analyses`, the list of requested analyses, comes from config
 * files and links); every other section of the schema gets generated fields.
 */
export const HANDMADE = new Set([
  'version',
  'seed',
  'data',
  'model',
  'optimizer',
  'training',
  'backend',
  'landscapeWorkers',
  'analyses',
]);

/**
 * A group of settings; `fold` makes it a section the reader opens (`open`: open at first), so the picture
 * above stays in view. Folded, its title line says what it holds now (`summary`, one plain line).
 */
function Group({
  title,
  fold,
  summary,
  children,
}: {
  title: string;
  fold?: 'open' | 'closed';
  summary?: string;
  children: ReactNode;
}) {
  const fields = (
    <fieldset className="group">
      <legend>{title}</legend>
      <div className="group-fields">{children}</div>
    </fieldset>
  );
  if (!fold) return fields;
  const id = `settings-${title.toLowerCase()}`;
  return (
    <details className="group-fold" open={fold === 'open'} data-testid={id}>
      <summary>
        <span className="fold-title">{title}</span>
        {summary && (
          <span className="fold-summary" data-testid={`${id}-summary`}>
            {summary}
          </span>
        )}
      </summary>
      {fields}
    </details>
  );
}

/** Every setting of the experiment. Memoised: training events re-render the lab ~10 times a second. */
export const ConfigControls = memo(function ConfigControls({ config, onChange }: ConfigControlsProps) {
  const [csvErrors, setCsvErrors] = useState<string[]>([]);
  const [csvWarnings, setCsvWarnings] = useState<string[]>([]);
  const [lastCsv, setLastCsv] = useState<Extract<ExperimentConfig['data'], { kind: 'csv' }> | null>(
    config.data.kind === 'csv' ? config.data : null,
  );
  const set = (patch: Partial<ExperimentConfig>) => onChange({ ...config, ...patch });
  const data = config.data;
  const model = config.model;

  const setKind = (kind: DataKind) => {
    if (kind === data.kind) return;
    if (kind === 'moons')
      onChange(withData(config, { kind: 'moons', n: 1000, noise: 0.15, testFraction: 0.3 }));
    else if (kind === 'mnist') onChange(withData(config, { kind: 'mnist', trainSize: 8000, testSize: 2000 }));
    else if (lastCsv) onChange(withData(config, lastCsv));
  };

  const onCsvFile = async (file: File | undefined) => {
    if (!file) return;
    setCsvWarnings([]);
    if (file.size > MAX_CSV_BYTES) {
      setCsvErrors([
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; points files up to 5 MB are read.`,
      ]);
      return;
    }
    const result = parseCsvPoints(await file.text(), file.name);
    if (!result.ok) {
      setCsvErrors(result.errors);
      return;
    }
    setCsvErrors([]);
    setCsvWarnings(result.warnings);
    const csv = {
      kind: 'csv' as const,
      name: file.name.slice(0, 200),
      points: result.points,
      testFraction: 0.3,
    };
    setLastCsv(csv);
    onChange(withData(config, csv));
  };

  const presets = MODEL_PRESETS.filter((p) => p.data.includes(data.kind));
  const preset = presets.find((p) => samePreset(p.model, model));
  const dataKinds: { value: DataKind; label: string }[] = [
    { value: 'moons', label: 'Two moons' },
    { value: 'mnist', label: 'MNIST digits' },
    ...(lastCsv ? [{ value: 'csv' as const, label: `Your points (${lastCsv.name})` }] : []),
  ];

  return (
    <div className="controls" data-testid="controls">
      <Group title="Data" fold="closed" summary={dataSummary(data)}>
        <SelectField
          label="Dataset"
          value={data.kind}
          options={dataKinds}
          onChange={setKind}
          testId="dataset-kind"
        />
        {data.kind === 'moons' && (
          <>
            <NumberField
              label="Points"
              value={data.n}
              min={20}
              max={20000}
              integer
              onCommit={(n) => set({ data: { ...data, n } })}
              testId="moons-n"
            />
            <NumberField
              label="Noise"
              value={data.noise}
              min={0}
              max={1}
              step={0.05}
              onCommit={(noise) => set({ data: { ...data, noise } })}
              testId="moons-noise"
              hint="Standard deviation of the Gaussian noise added to each point"
            />
          </>
        )}
        {data.kind === 'mnist' && (
          <>
            <NumberField
              label="Train digits"
              value={data.trainSize}
              min={100}
              max={8000}
              integer
              onCommit={(trainSize) => set({ data: { ...data, trainSize } })}
              testId="mnist-train"
            />
            <NumberField
              label="Test digits"
              value={data.testSize}
              min={100}
              max={2000}
              integer
              onCommit={(testSize) => set({ data: { ...data, testSize } })}
              testId="mnist-test"
            />
          </>
        )}
        {data.kind !== 'mnist' && (
          <NumberField
            label="Test share"
            value={data.testFraction}
            min={0.05}
            max={0.9}
            step={0.05}
            onCommit={(testFraction) => set({ data: { ...data, testFraction } })}
            testId="test-fraction"
          />
        )}
        <label className="field file-field" title="A CSV with columns x1, x2, label (up to 20,000 rows)">
          <span className="field-label">Your 2-D points (CSV)</span>
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            data-testid="csv-upload"
            onChange={(e) => void onCsvFile(e.target.files?.[0])}
          />
        </label>
        {csvErrors.length > 0 && (
          <div className="field-errors" role="alert" data-testid="csv-errors">
            <strong>This file cannot be used:</strong>
            <ul>
              {csvErrors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </div>
        )}
        {csvWarnings.length > 0 && (
          <ul className="field-warnings">
            {csvWarnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        )}
      </Group>

      <Group title="Model" fold="closed" summary={modelSummary(config)}>
        <SelectField
          label="Model"
          value={preset?.id ?? 'custom'}
          options={[
            ...presets.map((p) => ({ value: p.id, label: p.label, title: p.description })),
            ...(model.kind === 'mlp' ? [{ value: 'custom', label: 'Custom MLP' }] : []),
          ]}
          onChange={(id) => {
            const p = presets.find((x) => x.id === id);
            if (p) set({ model: p.model });
          }}
          testId="model-preset"
          hint={preset?.description}
        />
        {model.kind === 'mlp' && (
          <>
            <WidthsField hidden={model.hidden} onCommit={(hidden) => set({ model: { ...model, hidden } })} />
            <SelectField<Activation>
              label="Activation"
              value={model.activation}
              options={ACTIVATIONS.map((a) => ({ value: a, label: a }))}
              onChange={(activation) => set({ model: { ...model, activation } })}
              testId="activation"
            />
          </>
        )}
        {model.kind === 'awnet' && (
          <SectionFields
            section="model"
            schema={AwnetModelSchema.omit({
              kind: true,
              ...(data.kind === 'mnist' ? { hidden: true, activation: true } : { preset: true }),
            })}
            value={model}
            onChange={(next) => set({ model: { ...model, ...next } })}
          />
        )}
      </Group>

      <Group title="Training" fold="open" summary={trainingSummary(config)}>
        <SelectField
          label="Method"
          value={config.training.method}
          options={METHOD_CARDS.map((m) => ({ value: m.id, label: m.label, title: m.summary }))}
          onChange={(method) => set({ training: { ...config.training, method } })}
          testId="method"
          hint={METHOD_CARD[config.training.method].summary}
        />
        <span className="field-doc" data-testid="method-doc">
          <DocLink to={METHOD_CARD[config.training.method].docs} />
        </span>
        <SelectField
          label="Optimiser"
          value={config.optimizer.kind}
          options={[
            { value: 'adam', label: 'Adam' },
            { value: 'sgd', label: 'SGD + momentum' },
          ]}
          onChange={(kind) => set({ optimizer: { ...config.optimizer, kind } })}
          testId="optimizer"
        />
        <NumberField
          label="Learning rate"
          value={config.optimizer.lr}
          min={1e-6}
          max={10}
          step="any"
          onCommit={(lr) => set({ optimizer: { ...config.optimizer, lr } })}
          testId="lr"
        />
        {config.optimizer.kind === 'sgd' && (
          <NumberField
            label="Momentum"
            value={config.optimizer.momentum}
            min={0}
            max={0.999}
            step={0.05}
            onCommit={(momentum) => set({ optimizer: { ...config.optimizer, momentum } })}
            testId="momentum"
          />
        )}
        <NumberField
          label="Weight decay"
          value={config.optimizer.weightDecay}
          min={0}
          max={0.1}
          step="any"
          onCommit={(weightDecay) => set({ optimizer: { ...config.optimizer, weightDecay } })}
          testId="weight-decay"
        />
        <NumberField
          label="Batch size"
          value={config.training.batchSize}
          min={1}
          max={4096}
          integer
          onCommit={(batchSize) => set({ training: { ...config.training, batchSize } })}
          testId="batch-size"
        />
        <NumberField
          label="Epochs"
          value={config.training.epochs}
          min={1}
          max={1000}
          integer
          onCommit={(epochs) => set({ training: { ...config.training, epochs } })}
          testId="epochs"
        />
        <NumberField
          label="Seed"
          value={config.seed}
          min={1}
          max={2147483647}
          integer
          onCommit={(seed) => set({ seed })}
          testId="seed"
          hint="Data, initial weights and batch order all derive from this number"
        />
        <label
          className="field checkbox-field"
          title="Keep the weights after every epoch (for trajectories and the run bundle)"
        >
          <span className="field-label">Keep snapshots</span>
          <input
            type="checkbox"
            checked={config.training.snapshots}
            onChange={(e) => set({ training: { ...config.training, snapshots: e.target.checked } })}
            data-testid="snapshots"
          />
        </label>
      </Group>

      {METHOD_CARD[config.training.method].settings.map(({ key }) => (
        <Group
          key={key}
          title={SECTION_TITLES[key] ?? humanize(key)}
          fold="open"
          summary={schemaSummary(ExperimentConfigSchema.shape[key], config[key])}
        >
          <SectionFields
            section={key}
            schema={ExperimentConfigSchema.shape[key]}
            value={config[key]}
            onChange={(next) => onChange({ ...config, [key]: next })}
          />
        </Group>
      ))}

      <Group title="Compute" fold="closed" summary={BACKEND_LABELS[config.backend]}>
        <SelectField<BackendChoice>
          label="Backend"
          value={config.backend}
          options={BACKENDS.map((b) => ({ value: b, label: BACKEND_LABELS[b] }))}
          onChange={(backend) => set({ backend })}
          testId="backend-select"
          hint="Where the maths runs. Results are exactly reproducible on the same backend."
        />
        <SelectField<string>
          label="Landscape workers"
          value={String(config.landscapeWorkers ?? 'auto')}
          options={LANDSCAPE_WORKER_OPTIONS}
          onChange={(v) => onChange(withLandscapeWorkers(config, v))}
          testId="landscape-workers-select"
          hint="On the CPU (wasm, cpu), a loss landscape's points are shared among this many workers that compute at the same time, one per processor core. The numbers are the same either way; only the time changes (docs/engine-notes.md#landscape-workers)."
        />
      </Group>

      <details className="advanced" data-testid="advanced-settings">
        <summary>
          <span className="fold-title">More settings</span>
          <span className="fold-summary" data-testid="advanced-settings-summary">
            {extraSections
              .map(
                (k) =>
                  `${SECTION_TITLES[k] ?? humanize(k)}: ${extraSummary(k, config, ExperimentConfigSchema.shape[k as keyof typeof ExperimentConfigSchema.shape])}`,
              )
              .join(' · ')}
          </span>
        </summary>
        <div className="advanced-groups">
          {extraSections.map((key) => (
            <Group key={key} title={SECTION_TITLES[key] ?? humanize(key)}>
              <SectionFields
                section={key}
                schema={ExperimentConfigSchema.shape[key as keyof typeof ExperimentConfigSchema.shape]}
                value={config[key as keyof ExperimentConfig] as Record<string, unknown>}
                onChange={(next) => onChange({ ...config, [key]: next } as ExperimentConfig)}
              />
            </Group>
          ))}
        </div>
      </details>
    </div>
  );
});

/** The sections no method owns (a method's own are drawn under it, from its card, when it is chosen). */
const extraSections = Object.keys(ExperimentConfigSchema.shape).filter(
  (k) => !HANDMADE.has(k) && !(k in METHOD_SETTINGS_SHAPE),
);

/**
 * Hidden-layer widths as "16, 16" (up to 8 layers of 1–512 units). Read by the same parser as a link, so a
 * width out of range or a ninth layer is repaired the same way, and said so under the field.
 */
function WidthsField({ hidden, onCommit }: { hidden: number[]; onCommit(h: number[]): void }) {
  const [text, setText] = useState(hidden.join(', '));
  const [shown, setShown] = useState(hidden);
  const [note, setNote] = useState<string | null>(null);
  if (shown !== hidden) {
    setShown(hidden);
    setText(hidden.join(', '));
  }
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const notNumber = parts.find((w) => Number.isNaN(readDecimal(w)));
  const widths = notNumber === undefined ? parts.map(readDecimal) : null;
  const inRange =
    widths !== null && widths.length <= 8 && widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 512);
  useFieldProblem(
    'hidden-widths',
    notNumber === undefined ? null : `Hidden layers: “${notNumber.slice(0, 20)}” is not a number`,
  );
  const commit = () => {
    if (!widths) return;
    const parsed = parseConfig({ model: { kind: 'mlp', hidden: widths } }, 'lenient');
    const repaired = parsed.ok && parsed.config.model.kind === 'mlp' ? parsed.config.model.hidden : hidden;
    setNote(parsed.warnings.length ? parsed.warnings.join(' ') : null);
    setText(repaired.join(', '));
    if (repaired.join() !== hidden.join()) onCommit(repaired);
  };
  return (
    <label className="field" title="Units per hidden layer, e.g. 16, 16 (empty = a linear model)">
      <span className="field-label">Hidden layers</span>
      <input
        type="text"
        value={text}
        aria-invalid={inRange ? undefined : true}
        data-testid="hidden-widths"
        onChange={(e) => {
          setText(e.target.value);
          setNote(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {!inRange && <span className="field-problem">up to 8 widths of 1–512</span>}
      {inRange && note && (
        <span className="field-note" role="status" data-testid="field-note">
          {note}
        </span>
      )}
    </label>
  );
}
