/** A QR code of a link, as an SVG (qrcode-generator: computed here, nothing fetched). Dark on white in both themes. */
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** The dark modules of `text`'s QR code as one SVG path, and the code's size in modules. */
export function qrPath(text: string): { size: number; d: string } {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  let d = '';
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) if (qr.isDark(row, col)) d += `M${col} ${row}h1v1h-1z`;
  return { size, d };
}

export function QrCode({ text, label, px }: { text: string; label: string; px: number }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const margin = 2;
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={px}
      height={px}
      viewBox={`${-margin} ${-margin} ${size + 2 * margin} ${size + 2 * margin}`}
      shapeRendering="crispEdges"
      data-testid="qr-code"
      data-text={text}
    >
      <rect x={-margin} y={-margin} width={size + 2 * margin} height={size + 2 * margin} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
