import { useMemo, useRef } from 'react';
import type { ModelSummary } from '../../core/events';
import { downloadBlob, downloadText, stamp, svgText, svgToPng } from '../export';
import type { Theme } from '../theme/themes';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

const W = 360;
const H = 200;
const MAX_NODES = 10;

interface Layer {
  label: string;
  units: number;
  kind: 'input' | 'dense' | 'conv' | 'output';
}

/** Layers from the parameter list: a kernel [in, out] or [kh, kw, in, out] per layer. */
function layersOf(model: ModelSummary, inputLabel: string): Layer[] {
  const kernels = model.params.filter((p) => p.shape.length >= 2);
  if (!kernels.length) return [];
  const first = kernels[0].shape;
  const layers: Layer[] = [{ label: inputLabel, units: first[first.length - 2], kind: 'input' }];
  kernels.forEach((k, i) => {
    const out = k.shape[k.shape.length - 1];
    const conv = k.shape.length === 4;
    const last = i === kernels.length - 1;
    layers.push({
      label: last ? 'output' : conv ? `conv ${k.shape[0]}×${k.shape[1]}` : 'dense',
      units: out,
      kind: last ? 'output' : conv ? 'conv' : 'dense',
    });
  });
  return layers;
}

function Diagram({
  layers,
  theme,
  svgRef,
}: {
  layers: Layer[];
  theme: Theme;
  svgRef: React.RefObject<SVGSVGElement | null>;
}) {
  const c = theme.chart;
  const colX = (i: number) => 36 + (i * (W - 72)) / Math.max(1, layers.length - 1);
  const nodes = layers.map((l) => Math.min(l.units, MAX_NODES));
  const nodeY = (n: number, k: number) => 24 + ((k + 0.5) * (H - 60)) / n;
  return (
    <svg
      ref={svgRef}
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Layers: ${layers.map((l) => `${l.label} ${l.units}`).join(', ')}`}
    >
      <rect width={W} height={H} fill={c.background} />
      {layers
        .slice(1)
        .map((_, i) =>
          Array.from({ length: nodes[i] }, (_, a) =>
            Array.from({ length: nodes[i + 1] }, (_, b) => (
              <line
                key={`${i}-${a}-${b}`}
                x1={colX(i)}
                y1={nodeY(nodes[i], a)}
                x2={colX(i + 1)}
                y2={nodeY(nodes[i + 1], b)}
                stroke={c.muted}
                strokeOpacity={0.18}
              />
            )),
          ),
        )}
      {layers.map((l, i) => (
        <g key={i}>
          {Array.from({ length: nodes[i] }, (_, k) => (
            <circle
              key={k}
              cx={colX(i)}
              cy={nodeY(nodes[i], k)}
              r={5}
              fill={l.kind === 'input' ? c.classes[1] : l.kind === 'output' ? c.classes[0] : c.background}
              stroke={c.text}
              strokeWidth={1}
            />
          ))}
          <text
            x={colX(i)}
            y={H - 22}
            textAnchor="middle"
            fontSize={10}
            fill={c.text}
            fontFamily="sans-serif"
          >
            {l.label}
          </text>
          <text
            x={colX(i)}
            y={H - 9}
            textAnchor="middle"
            fontSize={10}
            fill={c.muted}
            fontFamily="sans-serif"
          >
            {l.units > MAX_NODES ? `${l.units} (${MAX_NODES} drawn)` : l.units}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function ModelPanel({ run, theme }: PanelProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const model = run.model;
  const shape = run.dataset?.inputShape ?? [];
  const inputLabel = shape.length === 1 && shape[0] === 2 ? 'x₁, x₂' : `image ${shape.slice(0, 2).join('×')}`;
  const layers = useMemo(() => (model ? layersOf(model, inputLabel) : []), [model, inputLabel]);
  const exporters = useMemo(
    () =>
      model
        ? {
            svg: () =>
              svgRef.current &&
              downloadText(svgText(svgRef.current), `basin-model-${stamp()}.svg`, 'image/svg+xml'),
            png: async () => {
              if (svgRef.current)
                downloadBlob(await svgToPng(svgText(svgRef.current), W, H), `basin-model-${stamp()}.png`);
            },
          }
        : null,
    [model],
  );
  usePanelExports(exporters);
  if (!model) return <p className="placeholder">Building the model…</p>;
  const cfg = run.config;
  return (
    <div className="model">
      <p>
        <strong data-testid="model-description">{model.description}</strong> ·{' '}
        {model.paramCount.toLocaleString('en')} parameters ·{' '}
        {cfg.optimizer.kind === 'adam' ? 'Adam' : `SGD (momentum ${cfg.optimizer.momentum})`}, learning rate{' '}
        {cfg.optimizer.lr}, batch {cfg.training.batchSize}
      </p>
      <Diagram layers={layers} theme={theme} svgRef={svgRef} />
      <details className="table-alt">
        <summary>Parameter tensors (TF.js layout)</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">name</th>
              <th scope="col">shape</th>
              <th scope="col">values</th>
            </tr>
          </thead>
          <tbody>
            {model.params.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>[{p.shape.join(', ')}]</td>
                <td>{p.shape.reduce((a, b) => a * b, 1).toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
