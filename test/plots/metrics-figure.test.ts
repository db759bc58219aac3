import { describe, expect, it } from 'vitest';
import { metricsFigure } from '../../lib';

describe('metricsFigure', () => {
  it('puts values at epochs 1, 2, … with whole-epoch ticks on a short axis', () => {
    const figure = metricsFigure([{ name: 'loss', values: [3, 2, 1] }], { title: 't' });
    expect(figure.data[0]!.x).toEqual([1, 2, 3]);
    expect(figure.data[0]!.mode).toBe('lines+markers');
    expect(figure.layout.xaxis.dtick).toBe(1);
    const long = metricsFigure([{ name: 'loss', values: Array(40).fill(1) }], { title: 't' });
    expect(long.layout.xaxis.dtick).toBeUndefined();
    expect(long.data[0]!.mode).toBe('lines');
  });

  it('places values recorded within epochs at the x positions given', () => {
    const within = { name: 'after each update', values: [5, 4, 3, 2], x: [79.25, 79.5, 79.75, 80] };
    const figure = metricsFigure([within, { name: 'end', values: Array(80).fill(1) }], { title: 't', logY: true });
    expect(figure.data[0]!.x).toEqual([79.25, 79.5, 79.75, 80]);
    expect(figure.data[1]!.x[79]).toBe(80);
    expect(figure.layout.yaxis.type).toBe('log');
    // Three epochs' worth of fractional positions: whole-epoch ticks, not 79.5, 80.5…
    const short = metricsFigure([{ ...within, x: [77.5, 78, 79, 80] }], { title: 't' });
    expect(short.layout.xaxis.dtick).toBe(1);
  });

  it('refuses x positions that do not match the values', () => {
    expect(() => metricsFigure([{ name: 'a', values: [1, 2], x: [1] }], { title: 't' })).toThrow(
      /the series 'a' has 2 values but 1 x positions/,
    );
  });
});
