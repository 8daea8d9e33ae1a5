import { useEffect, useMemo, useRef } from 'react';
import type { Gallery } from '../../worker/protocol';
import { downloadBlob, downloadText, escapeXml, stamp, svgToPng, toCsv } from '../export';
import { usePanelExports } from './PanelFrame';
import type { PanelProps } from './types';

const TILE = 56;

function digitCanvas(g: Gallery, k: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = g.width;
  c.height = g.height;
  const img = new ImageData(g.width, g.height);
  const size = g.width * g.height;
  for (let p = 0; p < size; p++) {
    // Ink dark on light: how digits are usually shown.
    const v = 255 - g.pixels[k * size + p];
    img.data[p * 4] = v;
    img.data[p * 4 + 1] = v;
    img.data[p * 4 + 2] = v;
    img.data[p * 4 + 3] = 255;
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

function Digit({ gallery, k }: { gallery: Gallery; k: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = gallery.width;
    c.height = gallery.height;
    c.getContext('2d')!.drawImage(digitCanvas(gallery, k), 0, 0);
  }, [gallery, k]);
  return <canvas ref={ref} style={{ width: TILE, height: TILE }} className="digit" aria-hidden="true" />;
}

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

function gallerySvg(
  g: Gallery,
  textColour: string,
  errorColour: string,
): { svg: string; width: number; height: number } {
  const cols = 8;
  const cellW = TILE + 16;
  const cellH = TILE + 34;
  const rows = Math.ceil(g.items.length / cols);
  const width = cols * cellW;
  const height = rows * cellH + 24;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="4" y="16" fill="${textColour}">${escapeXml(`MNIST test digits, worst first · epoch ${g.epoch} · ${g.errors} errors of ${g.total}`)}</text>`,
  ];
  g.items.forEach((it, k) => {
    const x = (k % cols) * cellW + 8;
    const y = Math.floor(k / cols) * cellH + 24;
    const wrong = it.pred !== it.label;
    parts.push(
      `<image x="${x}" y="${y}" width="${TILE}" height="${TILE}" style="image-rendering:pixelated" href="${digitCanvas(g, k).toDataURL('image/png')}"/>`,
    );
    if (wrong)
      parts.push(
        `<rect x="${x - 1}" y="${y - 1}" width="${TILE + 2}" height="${TILE + 2}" fill="none" stroke="${errorColour}" stroke-width="2"/>`,
      );
    parts.push(
      `<text x="${x}" y="${y + TILE + 13}" fill="${textColour}">${it.pred} · ${pct(it.confidence)}</text>`,
      wrong ? `<text x="${x}" y="${y + TILE + 26}" fill="${errorColour}">true ${it.label}</text>` : '',
    );
  });
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height };
}

export function GalleryPanel({ run, theme }: PanelProps) {
  const g = run.gallery;
  const exporters = useMemo(() => {
    if (!g) return null;
    const make = () => gallerySvg(g, '#1d2127', '#c2410c');
    return {
      svg: () => downloadText(make().svg, `basin-gallery-${stamp()}.svg`, 'image/svg+xml'),
      png: async () => {
        const { svg, width, height } = make();
        downloadBlob(await svgToPng(svg, width, height), `basin-gallery-${stamp()}.png`);
      },
      csv: () =>
        downloadText(
          toCsv(
            ['test_index', 'label', 'predicted', 'confidence', 'p_true'],
            g.items.map((it) => [it.index, it.label, it.pred, it.confidence, it.probTrue]),
          ),
          `basin-gallery-${stamp()}.csv`,
          'text/csv',
        ),
    };
  }, [g]);
  usePanelExports(exporters);

  if (!g) return <p className="placeholder">Evaluating the test digits…</p>;
  return (
    <div className="gallery">
      <p className="chart-summary" data-testid="gallery-summary">
        Epoch {g.epoch}: {g.errors} of {g.total} test digits misclassified ({pct(g.errors / g.total)} error).
        Shown: the {g.items.length} worst, confident mistakes first.
      </p>
      <ol className="gallery-grid" aria-label="Test digits, worst predictions first">
        {g.items.map((it, k) => {
          const wrong = it.pred !== it.label;
          return (
            <li
              key={`${it.index}`}
              className={wrong ? 'tile wrong' : 'tile'}
              style={wrong ? { borderColor: theme.vars['--danger-border'] } : undefined}
              data-testid="gallery-item"
              aria-label={`Test digit ${it.index}: true ${it.label}, predicted ${it.pred} with ${pct(it.confidence)} confidence${wrong ? ' (wrong)' : ''}`}
            >
              <Digit gallery={g} k={k} />
              <span className="tile-caption">
                {it.pred} · {pct(it.confidence)}
              </span>
              {wrong && <span className="tile-true">true {it.label}</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
