import { describe, expect, it } from 'vitest';
import { figureToSvg } from '../../lib';
import { finderFigure, type LrFinderResult, smoothLosses, suggestBounds } from '../../lib/finder';
import { tickLabel } from '../../lib/plots/ticks';

const label = (lr: number) => tickLabel(Number(lr.toPrecision(3)));

/** A finder result over rates 1e-5 … 10 whose loss falls around 1e-3 and blows up at the end. */
function syntheticResult(): LrFinderResult {
  const lrs = Array.from({ length: 301 }, (_, i) => 10 ** (-5 + (6 * i) / 300));
  const losses = lrs.map((lr, i) => 0.4 + 2 / (1 + (lr / 1e-3) ** 1.5) + 3 * (lr / 3) ** 2 + 0.05 * Math.sin(7 * i));
  const smoothed = smoothLosses(losses);
  const suggestion = suggestBounds(lrs, smoothed, { warmup: 49 });
  return {
    lrs,
    losses,
    smoothed,
    bestLr: lrs[smoothed.indexOf(Math.min(...smoothed))]!,
    iterations: 301,
    stoppedAt: { reason: 'completed', iteration: 300, lr: 10, message: 'all 301 rates tried, up to 10.' },
    suggestion,
    optimizerStateRestored: true,
  };
}

describe('finderFigure', () => {
  it('draws the batch and smoothed losses against the rate on a log axis, and the bounds as vertical lines', () => {
    const result = syntheticResult();
    if (!result.suggestion.found) throw new Error(result.suggestion.reason);
    const { lower, upper } = result.suggestion;
    const figure = finderFigure(result);
    expect(figure.data.map((t) => t.name)).toEqual([
      'batch loss',
      'smoothed loss',
      `lower bound (baseLr) ${label(lower)}`,
      `upper bound (maxLr) ${label(upper)}`,
    ]);
    const [raw, smooth, lo, hi] = figure.data;
    expect(raw!.x).toBe(result.lrs);
    expect(raw!.y).toEqual(result.losses);
    expect(raw!.line!.width!).toBeLessThan(smooth!.line!.width!);
    expect(smooth!.y).toEqual(result.smoothed);
    const all = [...result.losses, ...result.smoothed];
    expect(lo!.x).toEqual([lower, lower]);
    expect(hi!.x).toEqual([upper, upper]);
    expect(lo!.y).toEqual([Math.min(...all), Math.max(...all)]);
    expect(lo!.line?.dash).toBe('dash');
    expect(figure.layout.xaxis.type).toBe('log');
    expect(figure.layout.xaxis.tickvals).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
    // With the batch losses drawn the loss axis is log by default; without them linear, unless asked.
    expect(figure.layout.yaxis.type).toBe('log');
    expect(finderFigure(result, { raw: false }).layout.yaxis.type).toBeUndefined();
    expect(finderFigure(result, { raw: false, logY: true }).layout.yaxis.type).toBe('log');
    expect(figure.layout.title.text).toContain(`suggested range ${label(lower)} – ${label(upper)}`);
    expect(figure.layout.title.text).toContain('stopped (completed): all 301 rates tried, up to 10.');
  });

  it('says why there is no suggestion, and draws no bounds', () => {
    const result = {
      ...syntheticResult(),
      suggestion: { found: false as const, reason: 'the smoothed loss was still falling.' },
    };
    const figure = finderFigure(result, { raw: false });
    expect(figure.data.map((t) => t.name)).toEqual(['smoothed loss']);
    expect(figure.layout.title.text).toContain('no suggestion: the smoothed loss was still falling.');
  });

  it('draws statically with the rate axis in decades and the bounds as vertical segments', () => {
    const result = syntheticResult();
    if (!result.suggestion.found) throw new Error(result.suggestion.reason);
    const svg = figureToSvg(finderFigure(result));
    for (const label of ['1e-5', '1e-4', '0.001', '0.01', '0.1', '1', '10']) expect(svg).toContain(`>${label}</text>`);
    const verticals = [...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"/g)].filter(
      (m) => m[1] === m[3] && m[2] !== m[4],
    );
    expect(verticals).toHaveLength(2);
    // Placed by the logarithm of the rate: 80 + (log10(lr) + 5) / 6 · 800 px at the default width.
    const px = (lr: number) => (80 + ((Math.log10(lr) + 5) / 6) * 800).toFixed(1);
    expect(verticals.map((m) => m[1])).toEqual([px(result.suggestion.lower), px(result.suggestion.upper)]);
  });
});
