import { Resvg } from '@resvg/resvg-js';
import type { Figure } from './figure';
import { figureToSvg, type SvgOptions } from './svg';

/** A PNG of the figure's static SVG drawing, rendered with resvg and the system's fonts. */
export function figureToPng(figure: Figure, options: SvgOptions = {}): Uint8Array {
  const svg = figureToSvg(figure, options);
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
