import { describe, expect, it } from 'vitest';
import { Prng } from '../../lib/random';
import { describeSuggestion, type LrSuggestion, smoothLosses, suggestBounds, suggestedBounds } from '../../lib/finder';

/** Rates 10^x on a grid of x from −6 to 1. */
function grid(points: number): number[] {
  return Array.from({ length: points }, (_, i) => 10 ** (-6 + (7 * i) / (points - 1)));
}

/**
 * A loss that falls from 2.3 to 0.5 along a logistic in log10(lr), centred on 1e-3 with width s = 0.3 decade, and
 * rises after 0.1. It has fallen by 10 % of the way at log10(lr) = −3 − s·ln 9 and by 90 % at −3 + s·ln 9.
 */
function curve(lr: number): number {
  const x = Math.log10(lr);
  return 0.5 + 1.8 / (1 + Math.exp((x + 3) / 0.3)) + 5 * Math.max(0, x + 1) ** 2;
}
const LOWER = -3 - 0.3 * Math.log(9);
const UPPER = -3 + 0.3 * Math.log(9);

function found(s: LrSuggestion): Extract<LrSuggestion, { found: true }> {
  if (!s.found) throw new Error(`expected a suggestion, got: ${s.reason}`);
  return s;
}

describe('suggestBounds: where 10 % and 90 % of the fall of the smoothed loss are done', () => {
  it('finds the analytic bounds of a synthetic curve', () => {
    const lrs = grid(701); // 0.01 decade apart
    const s = found(suggestBounds(lrs, lrs.map(curve)));
    expect(Math.abs(Math.log10(s.lower) - LOWER)).toBeLessThan(0.015);
    expect(Math.abs(Math.log10(s.upper) - UPPER)).toBeLessThan(0.015);
    expect(lrs[s.lowerIndex]).toBe(s.lower);
    expect(lrs[s.upperIndex]).toBe(s.upper);
    // Another margin moves the bounds to its own levels: 25 % and 75 % of the fall.
    const quarter = found(suggestBounds(lrs, lrs.map(curve), { margin: 0.25 }));
    expect(Math.abs(Math.log10(quarter.lower) - (-3 - 0.3 * Math.log(3)))).toBeLessThan(0.015);
    expect(Math.abs(Math.log10(quarter.upper) - (-3 + 0.3 * Math.log(3)))).toBeLessThan(0.015);
  });

  it('does not depend on the scale or offset of the loss', () => {
    const lrs = grid(301);
    const a = suggestBounds(lrs, lrs.map(curve));
    expect(
      suggestBounds(
        lrs,
        lrs.map((lr) => 100 * curve(lr) + 7),
      ),
    ).toEqual(a);
    expect(
      suggestBounds(
        lrs,
        lrs.map((lr) => 0.01 * curve(lr)),
      ),
    ).toEqual(a);
  });

  it('reads noisy batch losses, once smoothed, as it reads the smoothed noise-free curve', () => {
    const lrs = grid(1000);
    const prng = new Prng(7);
    const noisy = lrs.map((lr) => curve(lr) + 0.3 * (prng.float() - 0.5));
    const clean = found(suggestBounds(lrs, smoothLosses(lrs.map(curve)), { warmup: 49 }));
    const read = found(suggestBounds(lrs, smoothLosses(noisy), { warmup: 49 }));
    expect(Math.abs(Math.log10(read.lower / clean.lower))).toBeLessThan(0.1);
    expect(Math.abs(Math.log10(read.upper / clean.upper))).toBeLessThan(0.1);
    // The moving average lags by β/(1 − β) = 49 of the 1000 points, 0.34 decade: both bounds come later than the
    // noise-free curve's own.
    expect(Math.log10(clean.lower) - LOWER).toBeGreaterThan(0.2);
    expect(Math.log10(clean.upper) - UPPER).toBeGreaterThan(0.2);
  });

  it('leaves the warm-up out of the starting level', () => {
    // A first batch that happened to be hard: with it as the starting level, the fall "starts" at once.
    const lrs = grid(12);
    const smoothed = [3, 2, 2, 2, 2, 1.6, 1.2, 0.8, 0.5, 0.5, 0.6, 2];
    expect(found(suggestBounds(lrs, smoothed)).lowerIndex).toBe(1);
    const s = found(suggestBounds(lrs, smoothed, { warmup: 1 }));
    expect([s.lowerIndex, s.upperIndex]).toEqual([5, 8]);
  });

  it('counts a loss that became non-finite as a rise', () => {
    const lrs = grid(8);
    const s = found(suggestBounds(lrs, [2, 2, 1.8, 1.2, 0.6, 0.4, 0.35, NaN]));
    expect([s.lowerIndex, s.upperIndex]).toEqual([2, 5]);
  });

  it('suggests nothing, and says why, when the curve does not show a whole fall', () => {
    const lrs = grid(101);
    const reason = (smoothed: number[], warmup = 0) => {
      const s = suggestBounds(lrs, smoothed, { warmup });
      if (s.found) throw new Error(`expected no suggestion, got ${s.lower} – ${s.upper}`);
      return s.reason;
    };
    // Still falling at the last rate: the upper bound lies beyond.
    expect(reason(lrs.map((lr) => 0.5 + 1.8 / (1 + Math.exp(Math.log10(lr) / 0.3))))).toMatch(
      /still falling at the last rate tried \(10\): rerun with a larger end rate/,
    );
    // A dip of 2 %: no learning in the range.
    expect(reason(lrs.map((lr, i) => 1 - 0.02 * Math.exp(-(((i - 50) / 10) ** 2)) + (lr > 1 ? 1 : 0)))).toMatch(
      /fell by less than 5 % \(from 1 to 0\.98\) before rising: start from a smaller rate/,
    );
    // The whole fall between two points.
    expect(reason(lrs.map((_, i) => (i < 40 ? 2 : i < 90 ? 0.5 : 3)))).toMatch(
      /fell from 2 to 0\.5 within one step .*rerun with more/,
    );
    // Rising from the start.
    expect(reason(lrs.map((_, i) => 1 + i))).toMatch(/fell by less than 5 %/);
    // The minimum inside the warm-up.
    expect(
      reason(
        lrs.map((_, i) => (i === 5 ? 0.1 : 1)),
        10,
      ),
    ).toMatch(/lowest at update 5, within the moving average's warm-up of 10/);
  });

  it('rejects inputs it cannot read', () => {
    expect(() => suggestBounds([1e-3, 1e-2], [1])).toThrow(
      'suggestBounds: the lengths of lrs and smoothed must be equal and ≥ 2 (got [2, 1]). Give one smoothed loss per rate.',
    );
    expect(() => suggestBounds([1e-3], [1])).toThrow(/must be equal and ≥ 2 \(got \[1, 1\]\)/);
    expect(() => suggestBounds([1e-3, 1e-3], [1, 2])).toThrow(
      'suggestBounds: lrs[1] must be a finite number > lrs[0] = 0.001 (got 0.001). The rates must increase, as a finder sweeps them.',
    );
    expect(() => suggestBounds([0, 1e-3], [1, 2])).toThrow(
      'suggestBounds: lrs[0] must be a finite number > 0 (got 0).',
    );
    expect(() => suggestBounds([1e-3, 1e-2], [NaN, 2])).toThrow(
      'suggestBounds: smoothed[0] must be a finite number (got NaN).',
    );
    expect(() => suggestBounds([1e-3, 1e-2], [1, 2], { margin: 0.5 })).toThrow(
      /margin must be in \(0, 0\.5\) \(got 0\.5\)/,
    );
    expect(() => suggestBounds([1e-3, 1e-2], [1, 2], { minFall: 0 })).toThrow(/minFall must be in \(0, 1\) \(got 0\)/);
    expect(() => suggestBounds([1e-3, 1e-2], [1, 2], { warmup: 1.5 })).toThrow(
      /warmup must be an integer ≥ 0 \(got 1\.5\)/,
    );
  });
});

describe('describeSuggestion and suggestedBounds', () => {
  it('say what was found, or why nothing was', () => {
    const found = { found: true as const, lower: 0.0123, upper: 0.345, lowerIndex: 1, upperIndex: 2 };
    const none = { found: false as const, reason: 'the loss was still falling at the last rate' };
    expect(describeSuggestion(found)).toBe('suggested bounds 1.23e-2 to 3.45e-1');
    expect(describeSuggestion(none)).toBe('no suggestion: the loss was still falling at the last rate');
    expect(suggestedBounds(found)).toEqual({ lower: 0.0123, upper: 0.345 });
    expect(() => suggestedBounds(none)).toThrow(/suggests no bounds: the loss was still falling at the last rate/);
  });
});
