import { describe, expect, it } from 'vitest';
import { smoothLosses } from '../../lib/finder';
import { LossSmoother } from '../../lib/finder/smoothing';

describe('smoothLosses: bias-corrected exponential moving average', () => {
  it('matches values computed by hand', () => {
    // β = 0.5: avg = 0.5, 1.25, 2.125; divided by 1 − 0.5, 1 − 0.25, 1 − 0.125.
    expect(smoothLosses([1, 2, 3], 0.5)).toEqual([1, 5 / 3, 17 / 7]);
    // β = 0.98: avg = 0.02, 0.0596, 0.118408; divided by 0.02, 0.0396, 0.058808.
    const [s0, s1, s2] = smoothLosses([1, 2, 3]);
    expect(s0).toBeCloseTo(1, 14);
    expect(s1).toBeCloseTo(0.0596 / 0.0396, 14);
    expect(s2).toBeCloseTo(0.118408 / 0.058808, 14);
    expect(s2).toBeCloseTo(2.01346755543463, 12);
  });

  it('is the weighted mean of the losses so far, with weights β^(i−k)', () => {
    const losses = [2.3, 2.1, 2.4, 1.9, 1.7, 1.8, 1.2, 5];
    const beta = 0.9;
    const mean = (i: number) => {
      const w = losses.slice(0, i + 1).map((_, k) => beta ** (i - k));
      return losses.slice(0, i + 1).reduce((s, l, k) => s + w[k]! * l, 0) / w.reduce((a, b) => a + b);
    };
    smoothLosses(losses, beta).forEach((s, i) => expect(s).toBeCloseTo(mean(i), 12));
    // A constant loss stays that constant; β = 0 leaves the losses as they are.
    smoothLosses([0.7, 0.7, 0.7, 0.7]).forEach((s) => expect(s).toBeCloseTo(0.7, 14));
    expect(smoothLosses(losses, 0)).toEqual(losses);
  });

  it('gives the same values one at a time', () => {
    const smoother = new LossSmoother(0.98);
    const losses = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(losses.map((l) => smoother.add(l))).toEqual(smoothLosses(losses));
  });

  it('rejects a β outside [0, 1)', () => {
    expect(() => smoothLosses([1], 1)).toThrow(
      /LossSmoother: beta must be in \[0, 1\) \(got 1\)\. The finder's usual value is 0\.98\./,
    );
    expect(() => new LossSmoother(-0.1)).toThrow(/got -0\.1/);
    expect(() => new LossSmoother(NaN)).toThrow(/got NaN/);
  });
});
