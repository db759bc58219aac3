import { Resvg } from '@resvg/resvg-js';
import type { Figure } from './figure';
import { figureToSvg, type SvgOptions } from './svg';

/**
 * A PNG of the figure's static SVG drawing, rendered with resvg and the system's fonts.
 *
 * @example
 * const png = figureToPng(scheduleFigure(new StepDecay(), { length: 100 }));
 * assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // 'PNG'
 */
export function figureToPng(figure: Figure, options: SvgOptions = {}): Uint8Array {
  const svg = figureToSvg(figure, options);
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
