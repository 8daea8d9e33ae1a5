import { interpolatePuOr, rgb } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import type { ExamplesResult } from '../../core/analysis/adversarial-examples';
import type { AnalysisRecord } from '../../core/events';
import { downloadBlob, downloadText, escapeXml, stamp, svgToPng, toCsv } from '../export';
import type { Theme } from '../theme/themes';
import { attackName, examplesSummary } from './AdversarialArrowsPanel';
import { AttackBar, useAttackExamples } from './attack-controls';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';
import { fmt, pct } from './use-analysis';
import { isRecordOf } from '../../core/analysis/records';

const TILE = 56;
const isImage = (r: AnalysisRecord) =>
  isRecordOf(r, 'adversarial-examples') && r.result.inputShape.length === 3;

type Layer = 'clean' | 'adversarial' | 'perturbation';
const LAYERS: { key: Layer; caption: string }[] = [
  { key: 'clean', caption: 'clean x' },
  { key: 'adversarial', caption: 'attacked x′' },
  { key: 'perturbation', caption: 'δ = x′ − x' },
];

/** Ink dark on light for pixels in [0, 1]; δ on a diverging (colour-blind-safe) purple–orange scale of ±ε. */
function layerCanvas(r: ExamplesResult, i: number, layer: Layer): HTMLCanvasElement {
  const [h, w] = r.inputShape;
  const size = h * w * (r.inputShape[2] ?? 1);
  // Plain indexing: results loaded from a bundle may hold plain arrays instead of typed ones.
  const values = r[layer];
  const base = i * size;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const img = new ImageData(w, h);
  const scale = r.epsilon > 0 ? r.epsilon : 1;
  for (let p = 0; p < h * w; p++) {
    // One channel (MNIST); with more channels the first is shown.
    const v = values[base + p * (r.inputShape[2] ?? 1)];
    let red: number;
    let green: number;
    let blue: number;
    if (layer === 'perturbation') {
      const colour = rgb(interpolatePuOr(0.5 + 0.5 * Math.max(-1, Math.min(1, v / scale))));
      [red, green, blue] = [colour.r, colour.g, colour.b];
    } else {
      red = green = blue = 255 - Math.round(255 * Math.max(0, Math.min(1, v)));
    }
    img.data[p * 4] = red;
    img.data[p * 4 + 1] = green;
    img.data[p * 4 + 2] = blue;
    img.data[p * 4 + 3] = 255;
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

function LayerImage({ r, i, layer }: { r: ExamplesResult; i: number; layer: Layer }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const src = layerCanvas(r, i, layer);
    c.width = src.width;
    c.height = src.height;
    c.getContext('2d')!.drawImage(src, 0, 0);
  }, [r, i, layer]);
  return <canvas ref={ref} style={{ width: TILE, height: TILE }} aria-hidden="true" />;
}

const probOf = (probs: Float32Array, numClasses: number, i: number, c: number) => probs[i * numClasses + c];

function triptychSvg(r: ExamplesResult, theme: Theme, title: string) {
  const cols = 2;
  const cellW = 3 * (TILE + 6) + 14;
  const cellH = TILE + 40;
  const rows = Math.ceil(r.labels.length / cols);
  const width = cols * cellW + 8;
  const height = rows * cellH + 28;
  const text = '#1d2127';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="6" y="16" font-size="11" fill="${text}">${escapeXml(title)}</text>`,
  ];
  Array.from(r.labels, (label, i) => {
    const x0 = (i % cols) * cellW + 8;
    const y0 = Math.floor(i / cols) * cellH + 28;
    LAYERS.forEach((l, k) =>
      parts.push(
        `<image x="${x0 + k * (TILE + 6)}" y="${y0}" width="${TILE}" height="${TILE}" style="image-rendering:pixelated" href="${layerCanvas(r, i, l.key).toDataURL('image/png')}"/>`,
      ),
    );
    const flip = r.cleanPred[i] === label && r.adversarialPred[i] !== label;
    parts.push(
      `<text x="${x0}" y="${y0 + TILE + 12}" fill="${text}">true ${label} · clean → ${r.cleanPred[i]} (${pct(probOf(r.cleanProbs, r.numClasses, i, r.cleanPred[i]), 0)})</text>`,
      `<text x="${x0}" y="${y0 + TILE + 25}" fill="${flip ? theme.vars['--danger-border'] : text}">attacked → ${r.adversarialPred[i]} (${pct(probOf(r.adversarialProbs, r.numClasses, i, r.adversarialPred[i]), 0)})${flip ? ' flipped' : ''}</text>`,
    );
  });
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height };
}

export function AdversarialTriptychPanel({ run, theme, actions }: PanelProps) {
  const { choice, setChoice, state, r } = useAttackExamples(run, actions, 8, isImage);
  const title = r ? `MNIST · ${attackName(r)} · model after epoch ${state.latest!.epoch}` : '';
  const exporters = useMemo(() => {
    if (!r) return null;
    return {
      svg: () =>
        downloadText(triptychSvg(r, theme, title).svg, `basin-triptychs-${stamp()}.svg`, 'image/svg+xml'),
      png: async () => {
        const { svg, width, height } = triptychSvg(r, theme, title);
        downloadBlob(await svgToPng(svg, width, height), `basin-triptychs-${stamp()}.png`);
      },
      csv: () =>
        downloadText(
          toCsv(
            [
              'test_index',
              'label',
              'clean_pred',
              'clean_conf',
              'adv_pred',
              'adv_conf',
              'delta_linf',
              'delta_l2',
            ],
            Array.from(r.labels, (label, i) => [
              r.indices[i],
              label,
              r.cleanPred[i],
              probOf(r.cleanProbs, r.numClasses, i, r.cleanPred[i]),
              r.adversarialPred[i],
              probOf(r.adversarialProbs, r.numClasses, i, r.adversarialPred[i]),
              r.perturbationLinf[i],
              r.perturbationL2[i],
            ]),
          ),
          `basin-triptychs-${stamp()}.csv`,
          'text/csv',
        ),
    };
  }, [r, theme, title]);
  usePanelExports(exporters);

  const s = r ? examplesSummary(r) : null;
  return (
    <div className="adversarial-triptychs">
      <AttackBar
        run={run}
        choice={choice}
        onChange={setChoice}
        state={state}
        maxEpsilon={1}
        maxCount={64}
        countLabel="Digits"
        label="Attack these digits"
        testId="triptych"
      />
      <p className="chart-summary" data-testid="triptych-summary" data-value={s ? s.robustAcc : ''}>
        {s && r
          ? `${attackName(r)} on ${s.n} test digits: accuracy ${pct(s.cleanAcc)} clean → ${pct(s.robustAcc)} attacked; ${s.flips} right answers flipped (red frame).`
          : 'Pick an attack and ε, then press "Attack these digits": each digit is shown clean, attacked, and the difference.'}
      </p>
      {r && (
        <>
          <div className="legend" aria-hidden="true">
            <span className="legend-item">
              δ:
              <span
                className="scale-ramp"
                style={{
                  background: `linear-gradient(to right, ${interpolatePuOr(0)}, ${interpolatePuOr(0.5)}, ${interpolatePuOr(1)})`,
                }}
              />
              −ε … 0 … +ε (ε = {r.epsilon})
            </span>
          </div>
          <ol className="triptychs" aria-label="Clean, attacked and perturbation images of each digit">
            {Array.from(r.labels, (label, i) => {
              const flip = r.cleanPred[i] === label && r.adversarialPred[i] !== label;
              const cleanConf = probOf(r.cleanProbs, r.numClasses, i, r.cleanPred[i]);
              const advConf = probOf(r.adversarialProbs, r.numClasses, i, r.adversarialPred[i]);
              return (
                <li
                  key={r.indices[i]}
                  className={flip ? 'triptych flipped' : 'triptych'}
                  data-testid="triptych"
                  aria-label={`Test digit ${r.indices[i]}, true ${label}: clean prediction ${r.cleanPred[i]} (${pct(cleanConf, 0)}), attacked prediction ${r.adversarialPred[i]} (${pct(advConf, 0)})${flip ? ', flipped by the attack' : ''}; largest pixel change ${fmt(r.perturbationLinf[i], 3)}.`}
                >
                  <div className="triptych-images">
                    {LAYERS.map((l) => (
                      <figure key={l.key}>
                        <LayerImage r={r} i={i} layer={l.key} />
                        <figcaption>{l.caption}</figcaption>
                      </figure>
                    ))}
                  </div>
                  <div>
                    true {label} · clean → <strong>{r.cleanPred[i]}</strong> ({pct(cleanConf, 0)})
                  </div>
                  <div>
                    attacked → <strong>{r.adversarialPred[i]}</strong> ({pct(advConf, 0)})
                    {flip ? ' · flipped' : ''}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}
