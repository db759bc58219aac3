import { describe, expect, it } from 'vitest';
import { mean, pairedDifference, sampleStd, seedSummary, studentTwoSided, tQuantile } from '../../lib/train/seed-stats';

describe('parameter checks', () => {
  it('words them as validate.ts does', () => {
    expect(() => studentTwoSided(2, 0)).toThrow('studentTwoSided: df must be an integer ≥ 1 (got 0).');
    expect(() => tQuantile(1, 3)).toThrow('tQuantile: level must be in (0, 1) (got 1).');
  });
});

describe('mean and sample standard deviation', () => {
  it('divide by n and n − 1', () => {
    expect(mean([0.6, 0.62, 0.64])).toBeCloseTo(0.62, 15);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 14); // population sd 2, sample √(32/7)
    expect(seedSummary([0.5])).toEqual({ n: 1, mean: 0.5, std: null });
    expect(seedSummary([])).toMatchObject({ n: 0, std: null });
  });
});

describe("Student's t", () => {
  it('has the two-sided probabilities of the closed forms for df 1 and 2', () => {
    expect(studentTwoSided(1, 1)).toBeCloseTo(0.5, 15); // Cauchy: P(|T| < 1) = 1/2
    expect(studentTwoSided(2, 2)).toBeCloseTo(2 / Math.sqrt(6), 15); // t / √(2 + t²)
    expect(studentTwoSided(1.5, 7)).toBeCloseTo(2 * 0.911350756505015 - 1, 13); // scipy.stats.t.cdf(1.5, 7)
  });

  it('gives the 97.5 % quantiles to 11 digits, and the normal 1.96 in the limit', () => {
    // mpmath at 30 digits, solving I_{df/(df+t²)}(df/2, 1/2) / 2 = 0.025 (SciPy 1.10.1's t.ppf is off by up to 1e-9).
    const exact: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837086],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [9, 2.262157162798205],
      [29, 2.045229642132704],
      [100, 1.9839715185235518],
    ];
    for (const [df, t] of exact) expect(tQuantile(0.95, df)).toBeCloseTo(t, 11);
    expect(tQuantile(0.95, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 11); // df 1 is the Cauchy distribution
    expect(tQuantile(0.9, 4)).toBeCloseTo(2.1318467863266495, 11); // the 95 % quantile
    expect(tQuantile(0.95, 100_000)).toBeCloseTo(1.959963984540054, 4);
  });
});

describe('pairedDifference', () => {
  it('is the paired t interval over the seeds both schedules have', () => {
    // d = 0.02, 0.01, 0.04: mean 0.07/3, sd √((0.01/3)² + (0.04/3)² + (0.05/3)²) / √2 = √(0.0042/9 / 2) = 0.0152753,
    // half width t₀.₉₇₅(2) · sd / √3 = 4.3026527 · 0.0088192 = 0.0379459 (scipy.stats.ttest_rel gives −0.0146125, 0.0612792).
    const a = new Map([
      [0, 0.6],
      [1, 0.62],
      [2, 0.64],
      [3, 0.7],
    ]);
    const b = new Map([
      [2, 0.6],
      [0, 0.58],
      [1, 0.61],
      [5, 0.5],
    ]);
    const d = pairedDifference(a, b);
    expect(d.seeds).toEqual([0, 1, 2]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(0.07 / 3, 14);
    expect(d.std).toBeCloseTo(0.015275252316519466, 12);
    expect(d.ci![0]).toBeCloseTo(-0.014612497004061333, 10);
    expect(d.ci![1]).toBeCloseTo(0.06127916367072804, 10);
    expect(d.level).toBe(0.95);
  });

  it('has no interval for a single pair', () => {
    expect(pairedDifference(new Map([[0, 0.6]]), new Map([[0, 0.5]]))).toMatchObject({ n: 1, std: null, ci: null });
  });
});
