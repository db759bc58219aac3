import { describe, expect, it } from 'vitest';
import {
  type Figure,
  figureToPng,
  figureToSvg,
  KerasDecay,
  metricsFigure,
  scheduleFigure,
  StepDecay,
  type Trace,
} from '../../lib';
import { titleLines } from '../../lib/plots/escape';
import { logTicks, niceTicks, tickLabel } from '../../lib/plots/ticks';

describe('ticks', () => {
  it('are nice numbers spanning the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 100, 8)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.0004, 0.0101, 6)).toEqual([0.002, 0.004, 0.006, 0.008, 0.01]);
    expect(logTicks(0.002, 0.1)).toEqual([0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
    expect(logTicks(1e-11, 0.1)).toEqual([1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 1e-1]);
    expect(logTicks(0.3, 0.45)).toEqual([0.3, 0.35, 0.4, 0.45]);
    expect([0, 0.25, 1e-5, 123456].map(tickLabel)).toEqual(['0', '0.25', '1e-5', '1.23456e+5']);
  });
});

describe('titleLines', () => {
  it("splits a plotly title at <br> into plain-text lines (the SVG title, the notebook image's alt text)", () => {
    expect(titleLines('Step decay<br><sub>factor 0.25</sub><BR/> ')).toEqual(['Step decay', 'factor 0.25']);
    expect(titleLines('<b>one</b> line')).toEqual(['one line']);
  });
});

describe('figureToSvg', () => {
  it('draws every trace, the title lines, the axis titles and the legend', () => {
    const step = new StepDecay();
    const svg = figureToSvg(scheduleFigure([step, new StepDecay({ factor: 0.5 })], { length: 30 }));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path d="M/g)).toHaveLength(2);
    expect(svg).toContain('>Learning-rate schedules</text>');
    expect(svg).toContain('>epoch</text>');
    expect(svg).toContain('>learning rate</text>');
    expect(svg).toContain(`>${step.describe()}</text>`);
    // A per-epoch schedule is drawn as steps: horizontal then vertical moves.
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+H[\d.]+V[\d.]+/);
  });

  it('splits a plotly title at <br> and drops other tags', () => {
    const svg = figureToSvg(scheduleFigure(new StepDecay(), { length: 10 }));
    expect(svg).toContain(`>${new StepDecay().formula}</text>`);
    expect(svg).not.toContain('&lt;sub');
  });

  it('thins long traces to a few points per pixel column, keeping the extremes', () => {
    const decay = new KerasDecay({ initialLr: 0.1, decay: 0.01 });
    const figure = scheduleFigure(decay, { length: 50_000 });
    const path = /<path d="([^"]+)"/.exec(figureToSvg(figure, { width: 600 }))![1]!;
    const points = path.split(/[ML]/).filter(Boolean);
    expect(points.length).toBeLessThan(4 * 600);
    expect(points.length).toBeGreaterThan(500);
  });

  it('leaves out non-finite values and escapes text', () => {
    const svg = figureToSvg(
      metricsFigure([{ name: 'a < b & c', values: [1, NaN, 0.5, Infinity, 0.25] }], { title: 't' }),
    );
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws a log x axis: decade ticks inside the axis, positions by the logarithm, values ≤ 0 left out', () => {
    const figure = (type?: 'log'): Figure => ({
      data: [{ type: 'scatter', mode: 'lines', name: 'loss', x: [0, 1e-4, 1e-3, 1e-2, 1e-1], y: [15, 11, 12, 13, 14] }],
      layout: {
        title: { text: 't' },
        xaxis: { title: { text: 'learning rate' }, type },
        yaxis: { title: { text: 'loss' } },
      },
    });
    const points = (svg: string) =>
      /<path d="([^"]+)"/
        .exec(svg)![1]!
        .split(/[ML]/)
        .filter(Boolean)
        .map((p) => Number(p.split(' ')[0]));
    const log = figureToSvg(figure('log'));
    // Plot area from x = 80 to 880: the four decades 1e-4 … 1e-1 a third of it apart; x = 0 is not drawn.
    expect(points(log)).toEqual([80, 346.7, 613.3, 880]);
    for (const label of ['1e-4', '0.001', '0.01', '0.1']) expect(log).toContain(`>${label}</text>`);
    expect(points(figureToSvg(figure()))).toEqual([80, 80.8, 88, 160, 880]);

    // Decade ticks beyond the data's range (1e-4 and 1 around 3e-4 … 0.2) are not drawn.
    const narrow = figure('log');
    narrow.data[0]!.x = [3e-4, 1e-3, 1e-2, 0.2, 0.2];
    const svg = figureToSvg(narrow);
    expect(svg).toContain('>0.001</text>');
    expect(svg).not.toContain('>1e-4</text>');
    expect(svg).not.toMatch(/>1<\/text>/);
  });

  it('draws each legend entry in the style of its trace: dashed, dotted, markers only, or line and markers', () => {
    const trace = (name: string, mode: Trace['mode'], dash?: 'dash' | 'dot'): Trace => ({
      type: 'scatter',
      mode,
      name,
      x: [0, 1, 2],
      y: [1, 2, 3],
      line: { width: 1.5, dash },
    });
    const svg = figureToSvg({
      data: [
        trace('solid', 'lines'),
        trace('dashed', 'lines', 'dash'),
        trace('dotted', 'lines', 'dot'),
        trace('points', 'markers'),
        trace('both', 'lines+markers'),
      ],
      layout: { title: { text: 't' }, xaxis: { title: { text: 'x' } }, yaxis: { title: { text: 'y' } } },
    });
    const entries = Object.fromEntries(
      [...svg.matchAll(/<g class="legend">(.*?)<\/g>/g)].map((m) => [/>([^<]+)<\/text>/.exec(m[1]!)![1], m[1]!]),
    );
    expect(Object.keys(entries)).toEqual(['solid', 'dashed', 'dotted', 'points', 'both']);
    const lines = (entry: string) => entry.match(/<line [^>]*>/g) ?? [];
    const circles = (entry: string) => entry.match(/<circle /g)?.length ?? 0;
    expect(lines(entries['solid'])).toEqual([expect.not.stringContaining('dasharray')]);
    expect(lines(entries['solid'])[0]).toContain('stroke-width="1.5"');
    expect(lines(entries['dashed'])).toEqual([expect.stringContaining('stroke-dasharray="6 4"')]);
    expect(lines(entries['dotted'])).toEqual([expect.stringContaining('stroke-dasharray="2 3"')]);
    expect([lines(entries['points']).length, circles(entries['points'])]).toEqual([0, 1]);
    expect([lines(entries['both']).length, circles(entries['both'])]).toEqual([1, 1]);
    expect(circles(entries['solid']) + circles(entries['dashed'])).toBe(0);
  });

  it('renders to a PNG', () => {
    const png = figureToPng(scheduleFigure(new StepDecay(), { length: 20 }), { width: 400 });
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // PNG IHDR: width at bytes 16–19.
    expect(Buffer.from(png).readUInt32BE(16)).toBe(400);
  });
});

describe('figureToSvg on an epoch axis', () => {
  it('puts ticks on whole epochs only', () => {
    const svg = figureToSvg(
      metricsFigure([{ name: 'acc', values: [0.3, 0.32, 0.36, 0.38] }], { title: 't', yTitle: 'acc' }),
    );
    const xLabels = [...svg.matchAll(/text-anchor="middle" fill="#222">([\d.]+)<\/text>/g)].map((m) => m[1]);
    expect(xLabels).toEqual(['1', '2', '3', '4']);
  });
});
