import type { Figure } from '../plots/figure';
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
    layout: {
      title: { text: `Spirals: ${labels.length} points, ${classes} classes`, font: { size: 15 } },
      xaxis: { title: { text: 'x₁' } },
      yaxis: { title: { text: 'x₂' } },
      legend: { orientation: 'h', x: 0, y: -0.2, xanchor: 'left', yanchor: 'top' },
      margin: { t: 50, r: 20, b: 40, l: 70 },
      height: 480,
      hovermode: 'closest',
    },
  };
}
