import { describe, expect, it } from 'vitest';
import { bandFigure, COLORWAY, figureToSvg } from '../../lib/plots';

describe('bandFigure', () => {
  const figure = bandFigure(
    [
      { name: 'linear', values: [0.4, 0.5, 0.6], lower: [0.35, 0.45, NaN], upper: [0.45, 0.55, NaN] },
      { name: 'step', values: [0.3, 0.4, 0.5], lower: [NaN, NaN, NaN], upper: [NaN, NaN, NaN] },
    ],
    { title: 'Test accuracy', yTitle: 'test accuracy' },
  );

  it('puts each band, a closed outline over the epochs that have one, behind its curve, in the curve’s colour', () => {
    const [band, empty, linear, step] = figure.data;
    expect(band).toMatchObject({
      fill: 'toself',
      showlegend: false,
      x: [1, 2, 2, 1],
      y: [0.45, 0.55, 0.45, 0.35],
      line: { color: COLORWAY[0] },
    });
    expect(band!.fillcolor).toBe('rgba(31, 119, 180, 0.2)');
    expect(empty).toMatchObject({ x: [], y: [] });
    expect(linear).toMatchObject({ name: 'linear', y: [0.4, 0.5, 0.6], line: { color: COLORWAY[0] } });
    expect(step).toMatchObject({ name: 'step', line: { color: COLORWAY[1] } });
  });

  it('draws the band filled and lists only the curves in the static legend', () => {
    const svg = figureToSvg(figure);
    expect(svg).toContain('fill="rgba(31, 119, 180, 0.2)" stroke="none"');
    expect(svg).toContain('>linear</text>');
    expect(svg).not.toContain('(band)');
    const legend = svg.match(/<g class="legend">.*?<\/g>/g) ?? [];
    expect(legend).toHaveLength(2); // one entry per curve, none for the bands
    expect(legend[0]).toContain('stroke="#1f77b4"');
  });
});
