import { type Figure, figureLayout } from '../plots/figure';
import type { Spirals } from './spirals';

/**
 * The spirals as a scatter plot, one colour per class.
 *
 * @example
 * const figure = spiralsFigure(spirals({ pointsPerClass: 50 }));
 * assert.equal(figure.data.length, 3); // one trace per class
 * fs.writeFileSync('spirals.svg', figureToSvg(figure));
 */
export function spiralsFigure({ points, labels, classes }: Spirals): Figure {
  const data = Array.from({ length: classes }, (_, k) => {
    const idx = Array.from(labels, (l, i) => (l === k ? i : -1)).filter((i) => i >= 0);
    return {
      type: 'scatter' as const,
      mode: 'markers' as const,
      name: `class ${k}`,
      x: idx.map((i) => points[2 * i]!),
      y: idx.map((i) => points[2 * i + 1]!),
    };
  });
  return {
    data,
    layout: figureLayout(
      `Spirals: ${labels.length} points, ${classes} classes`,
      { title: { text: 'x₁' } },
      { title: { text: 'x₂' } },
      480,
    ),
  };
}
