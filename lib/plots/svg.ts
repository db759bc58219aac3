import type { Figure, Trace } from './figure';
import { logTicks, niceTicks, tickLabel } from './ticks';
import { escapeHtml, titleLines } from './escape';

/** plotly.js' default colours, so that static and interactive figures match. */
export const COLORWAY = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export interface SvgOptions {
  width?: number;
  height?: number;
}

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const LEGEND_ROW = 18;

/**
 * A static SVG drawing of a line figure — the fallback shown where plotly cannot run (GitHub, untrusted
 * notebooks, pages without JavaScript). Draws the traces as lines (steps for `shape: 'hv'`, dots for markers,
 * filled outlines for `fill: 'toself'`, each in its `line.color` or the colorway's colour of its place),
 * axes with nice ticks (either axis log when the layout asks), the title, axis titles, and a legend below. On a log
 * axis, values ≤ 0 are left out, as plotly does.
 *
 * @example
 * const svg = figureToSvg(scheduleFigure(new StepDecay(), { length: 100 }), { width: 600 });
 * assert.ok(svg.startsWith('<svg'));
 */
export function figureToSvg(figure: Figure, { width = 900, height }: SvgOptions = {}): string {
  const { data, layout } = figure;
  const title = titleLines(layout.title.text);
  const legend = data.map((trace, i) => [trace, i] as const).filter(([trace]) => trace.showlegend !== false);
  const legendRows = legend.length > 1 || legend[0]?.[0].name ? legend.length : 0;
  const top = 20 + 18 * title.length;
  const plotHeight = 300;
  const totalHeight = height ?? top + plotHeight + 50 + legendRows * LEGEND_ROW + 10;
  const box = { left: 80, right: width - 20, top, bottom: totalHeight - 50 - legendRows * LEGEND_ROW - 10 };
  const logX = layout.xaxis.type === 'log';
  const logY = layout.yaxis.type === 'log';
  const drawableX = (v: number) => Number.isFinite(v) && (!logX || v > 0);
  const drawableY = (v: number) => Number.isFinite(v) && (!logY || v > 0);

  const xs = data.flatMap((t) => t.x.filter(drawableX));
  const ys = data.flatMap((t) => t.y.filter(drawableY));
  let [x0, x1] = extent(xs);
  if (logX && x0 === x1) [x0, x1] = [x0 / 2, x1 * 2];
  let [y0, y1] = extent(ys);
  if (!logY && layout.yaxis.rangemode === 'tozero') [y0, y1] = [Math.min(0, y0), Math.max(0, y1)];
  if (y0 === y1) [y0, y1] = logY ? [y0 / 2, y1 * 2] : [y0 - 1, y1 + 1];
  const pad = logY ? 0 : (y1 - y0) * 0.04;
  const toY = logY
    ? (v: number) =>
        box.bottom - ((Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0))) * (box.bottom - box.top)
    : (v: number) => box.bottom - ((v - (y0 - pad)) / (y1 + pad - (y0 - pad))) * (box.bottom - box.top);
  const toX = logX
    ? (v: number) =>
        box.left + ((Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0))) * (box.right - box.left)
    : (v: number) => box.left + ((v - x0) / (x1 - x0 || 1)) * (box.right - box.left);

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${totalHeight}" fill="white"/>`);
  title.forEach((line, i) =>
    parts.push(text(width / 2, 22 + 18 * i, line, { size: i === 0 ? 15 : 12, anchor: 'middle' })),
  );
  // Whole-number axes (epochs) get whole-number ticks only.
  const wholeX = xs.every(Number.isInteger);
  for (const v of logX ? logTicks(x0, x1) : niceTicks(x0, x1, 8).filter((t) => !wholeX || Number.isInteger(t))) {
    const x = toX(v);
    if (x < box.left - 0.5 || x > box.right + 0.5) continue;
    parts.push(`<line x1="${f(x)}" y1="${box.top}" x2="${f(x)}" y2="${box.bottom}" stroke="#eee"/>`);
    parts.push(text(x, box.bottom + 16, tickLabel(v), { size: 11, anchor: 'middle' }));
  }
  for (const v of logY ? logTicks(y0, y1) : niceTicks(y0 - pad, y1 + pad, 6)) {
    const y = toY(v);
    if (y < box.top - 0.5 || y > box.bottom + 0.5) continue;
    parts.push(`<line x1="${box.left}" y1="${f(y)}" x2="${box.right}" y2="${f(y)}" stroke="#eee"/>`);
    parts.push(text(box.left - 6, y + 4, tickLabel(v), { size: 11, anchor: 'end' }));
  }
  parts.push(
    `<rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}" fill="none" stroke="#444"/>`,
  );
  parts.push(
    text((box.left + box.right) / 2, box.bottom + 36, layout.xaxis.title.text, { size: 12, anchor: 'middle' }),
  );
  parts.push(
    text(0, 0, layout.yaxis.title.text, {
      size: 12,
      anchor: 'middle',
      transform: `translate(18 ${(box.top + box.bottom) / 2}) rotate(-90)`,
    }),
  );
  parts.push(
    `<clipPath id="plot-area"><rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}"/></clipPath>`,
  );
  const drawable = (x: number, y: number) => drawableX(x) && drawableY(y);
  const color = (trace: Trace, i: number): string => trace.line?.color ?? COLORWAY[i % COLORWAY.length]!;
  data.forEach((trace, i) => parts.push(drawTrace(trace, color(trace, i), toX, toY, drawable)));
  if (legendRows) {
    legend.forEach(([trace, i], row) => {
      const y = box.bottom + 56 + row * LEGEND_ROW;
      parts.push(
        `<g class="legend">${legendSwatch(trace, color(trace, i), box.left, y - 4)}${text(box.left + 32, y, trace.name, { size: 12, anchor: 'start' })}</g>`,
      );
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${totalHeight}" viewBox="0 0 ${width} ${totalHeight}" font-family="${FONT}">${parts.join('')}</svg>`;
}

function drawTrace(
  trace: Trace,
  color: string,
  toX: (v: number) => number,
  toY: (v: number) => number,
  drawable: (x: number, y: number) => boolean,
): string {
  const points: [number, number][] = [];
  trace.x.forEach((x, i) => {
    const y = trace.y[i];
    if (y !== undefined && drawable(x, y)) points.push([toX(x), toY(y)]);
  });
  const out: string[] = [];
  if (trace.fill === 'toself') {
    if (points.length > 2) {
      const outline = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${f(x)} ${f(y)}`).join('');
      out.push(`<path d="${outline}Z" fill="${trace.fillcolor ?? color}" stroke="none" clip-path="url(#plot-area)"/>`);
    }
    return out.join('');
  }
  if (trace.mode !== 'markers' && points.length > 1) {
    const step = trace.line?.shape === 'hv';
    const path = thin(points)
      .map(([x, y], i) => (i === 0 ? `M${f(x)} ${f(y)}` : step ? `H${f(x)}V${f(y)}` : `L${f(x)} ${f(y)}`))
      .join('');
    out.push(`<path d="${path}" fill="none" ${lineStyle(trace, color)} clip-path="url(#plot-area)"/>`);
  }
  if (trace.mode !== 'lines') {
    for (const [x, y] of points) out.push(marker(x, y, color));
  }
  return out.join('');
}

/** A trace's legend sample, 24 px wide from (x, y): its line with its dash and width, its marker, or both. */
function legendSwatch(trace: Trace, color: string, x: number, y: number): string {
  const line =
    trace.mode !== 'markers'
      ? `<line x1="${f(x)}" y1="${f(y)}" x2="${f(x + 24)}" y2="${f(y)}" ${lineStyle(trace, color)}/>`
      : '';
  return line + (trace.mode !== 'lines' ? marker(x + 12, y, color) : '');
}

/** The stroke attributes of a trace's line: colour, width and dash pattern. */
function lineStyle(trace: Trace, color: string): string {
  const dash =
    trace.line?.dash === 'dash'
      ? ' stroke-dasharray="6 4"'
      : trace.line?.dash === 'dot'
        ? ' stroke-dasharray="2 3"'
        : '';
  return `stroke="${color}" stroke-width="${trace.line?.width ?? 2}"${dash}`;
}

function marker(x: number, y: number, color: string): string {
  return `<circle cx="${f(x)}" cy="${f(y)}" r="3" fill="${color}"/>`;
}

/**
 * Fewer points for long traces: within each pixel column keep the first, lowest, highest and last point, which
 * draws the same picture as all of them.
 */
function thin(points: [number, number][]): [number, number][] {
  if (points.length < 2000) return points;
  const out: [number, number][] = [];
  let column: [number, number][] = [];
  const flush = () => {
    if (!column.length) return;
    const lo = column.reduce((a, b) => (b[1] < a[1] ? b : a));
    const hi = column.reduce((a, b) => (b[1] > a[1] ? b : a));
    const keep = [column[0]!, lo, hi, column[column.length - 1]!].sort((a, b) => column.indexOf(a) - column.indexOf(b));
    keep.forEach((p) => out[out.length - 1] !== p && out.push(p));
    column = [];
  };
  for (const p of points) {
    if (column.length && Math.floor(p[0]) !== Math.floor(column[0]![0])) flush();
    column.push(p);
  }
  flush();
  return out;
}

function extent(values: number[]): [number, number] {
  if (!values.length) return [0, 1];
  return [values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))];
}

function text(
  x: number,
  y: number,
  content: string,
  o: { size: number; anchor: 'start' | 'middle' | 'end'; transform?: string },
): string {
  const transform = o.transform ? ` transform="${o.transform}"` : '';
  return `<text x="${f(x)}" y="${f(y)}" font-size="${o.size}" text-anchor="${o.anchor}" fill="#222"${transform}>${escapeHtml(content)}</text>`;
}

function f(v: number): string {
  return v.toFixed(1);
}
