/**
 * Statistics over seeds: mean, sample standard deviation, and the paired difference of two schedules with a
 * Student-t confidence interval. Pure.
 */
import { checkIntegerFrom, checkInterval } from '../schedules/validate';

/** The mean of `values` (NaN for none). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The sample standard deviation (divisor n − 1) of `values`; NaN for fewer than two. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * P(|T| < t) for Student's t with `df` degrees of freedom (an integer ≥ 1), in closed form (Abramowitz & Stegun
 * 26.7.3–4): with θ = atan(t / √df), a finite sum of powers of cos θ, exact up to rounding.
 */
export function studentTwoSided(t: number, df: number): number {
  checkIntegerFrom('studentTwoSided', 'df', df, 1);
  if (!(t > 0)) return 0;
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 1) {
    // (2/π) (θ + sin θ (cos θ + 2/3 cos³θ + … + (2·4…(df−3))/(1·3…(df−2)) cos^(df−2) θ))
    let term = Math.cos(theta);
    let sum = df > 1 ? term : 0;
    for (let k = 1; 2 * k + 1 <= df - 2; k++) {
      term *= (c2 * 2 * k) / (2 * k + 1);
      sum += term;
    }
    return (2 / Math.PI) * (theta + Math.sin(theta) * sum);
  }
  // sin θ (1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3…(df−3))/(2·4…(df−2)) cos^(df−2) θ)
  let term = 1;
  let sum = 1;
  for (let k = 1; 2 * k <= df - 2; k++) {
    term *= (c2 * (2 * k - 1)) / (2 * k);
    sum += term;
  }
  return Math.sin(theta) * sum;
}

/**
 * The t with P(|T| < t) = `level` for `df` degrees of freedom: the factor of a two-sided `level` confidence
 * interval (t₀.₉₇₅ for 95 %: 12.706 for df 1, 4.303 for df 2, 1.960 in the limit). Found by bisection on
 * `studentTwoSided` to full double precision.
 */
export function tQuantile(level: number, df: number): number {
  checkInterval('tQuantile', 'level', level, [0, 1], { lo: true, hi: true });
  let lo = 0;
  let hi = 1;
  while (studentTwoSided(hi, df) < level) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSided(mid, df) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean and spread of one quantity over seeds. */
export interface SeedSummary {
  /** How many seeds have a value. */
  n: number;
  mean: number;
  /** Sample standard deviation; null for fewer than two seeds. */
  std: number | null;
}

/** The summary of `values` (one per seed). */
export function seedSummary(values: readonly number[]): SeedSummary {
  const std = sampleStd(values);
  return { n: values.length, mean: mean(values), std: Number.isNaN(std) ? null : std };
}

/** The paired difference a − b over the seeds both have, with its confidence interval. */
export interface PairedDifference extends SeedSummary {
  /** The seeds compared, in increasing order. */
  seeds: number[];
  /** The two-sided confidence interval of the mean difference; null for fewer than two pairs. */
  ci: [number, number] | null;
  level: number;
}

/**
 * The mean of a[s] − b[s] over the seeds s in both maps (same seed: the same initial weights, data subset and
 * order, so seed-to-seed noise common to both cancels), its sample standard deviation, and the `level` confidence
 * interval mean ± t · std / √n with n − 1 degrees of freedom (the paired t interval). An interval that excludes 0
 * supports a difference at that level, for that one pair.
 */
export function pairedDifference(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
  level = 0.95,
): PairedDifference {
  const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
  const diffs = seeds.map((s) => a.get(s)! - b.get(s)!);
  const summary = seedSummary(diffs);
  const half = summary.std === null ? null : (tQuantile(level, summary.n - 1) * summary.std) / Math.sqrt(summary.n);
  return { ...summary, seeds, ci: half === null ? null : [summary.mean - half, summary.mean + half], level };
}
