import {
  checkAbove,
  checkFinite,
  checkInterval,
  checkNonNegativeInteger,
  checkPositive,
  checkThat,
} from '../schedules/validate';
import { fmt } from './format';

/** Bounds for a cyclical schedule read off a finder's smoothed loss curve, or why there are none. */
export type LrSuggestion =
  | {
      found: true;
      /** Where the smoothed loss has started to fall: a base rate (CyclicLR's `baseLr`). */
      lower: number;
      /** Where it has almost stopped falling, before it rises: a maximum rate (CyclicLR's `maxLr`). */
      upper: number;
      /** The indices of the two rates in the finder's arrays. */
      lowerIndex: number;
      upperIndex: number;
    }
  | { found: false; reason: string };

export interface SuggestOptions {
  /**
   * The fraction of the fall that marks its start and end, in (0, 0.5) (default 0.1): the lower bound is where the
   * loss has fallen by this fraction of its whole fall, the upper bound where it has this fraction left to fall.
   */
  margin?: number;
  /** The smallest fall that counts, as a fraction of the starting level, in (0, 1) (default 0.05). */
  minFall?: number;
  /**
   * Leading points left out of the reading, an integer ≥ 0 (default 0): the moving average's warm-up, whose
   * values average only a few batches and are as noisy as those. `findLearningRate` passes β / (1 − β) (49).
   */
  warmup?: number;
}

/**
 * The tutorial's reading of a finder plot — a lower bound where the smoothed loss starts to fall, an upper bound
 * where it stops falling, before it rises — made into a rule. With `bottom` the lowest smoothed loss, `top` the
 * highest one before it (after the first `warmup` points), and `fall = top − bottom`:
 *
 *     lower = the first rate after `top` where smoothed ≤ top − margin · fall
 *     upper = the first rate after that where smoothed ≤ bottom + margin · fall
 *
 * i.e. the rates at which 10 % and 90 % of the fall are done (margin 0.1). Levels, not slopes: a crossing of a
 * level is robust to what noise the moving average leaves, where the steepest slope needs a derivative of the
 * curve; and the rule does not depend on the loss' scale or offset. The upper bound lies below the rate of the
 * minimum, as the tutorial reads it: by the minimum the rate is already making the loss worse (the average lags).
 *
 * There is no suggestion when the curve does not show both ends of a fall: the minimum is the last point tried
 * (the loss was still falling — rerun with a larger end rate), the fall is under `minFall` of the starting level
 * (no learning in the range — start lower, or check the model), or the fall happens within a single step (too few
 * iterations to place it), or it comes within the warm-up. Non-finite values (a loss that overflowed) count as
 * rises.
 *
 * @example
 * // a made-up finder curve: flat, falling from rate 1e-3 to 1e-1, then rising
 * const lrs = finderRates(1e-5, 10, 61);
 * const smoothed = lrs.map((lr) => (lr < 1e-3 ? 2 : lr <= 1e-1 ? 2 - Math.log10(lr / 1e-3) * 0.75 : 0.5 + (lr - 0.1)));
 * const suggestion = suggestBounds(lrs, smoothed);
 * assert.ok(suggestion.found);
 * assert.ok(suggestion.lower > 1e-3 && suggestion.lower < suggestion.upper && suggestion.upper < 1e-1);
 */
export function suggestBounds(
  lrs: readonly number[],
  smoothed: readonly number[],
  { margin = 0.1, minFall = 0.05, warmup = 0 }: SuggestOptions = {},
): LrSuggestion {
  checkThat(
    lrs.length === smoothed.length && lrs.length >= 2,
    'suggestBounds',
    'the lengths of lrs and smoothed',
    'equal and ≥ 2',
    [lrs.length, smoothed.length],
    'Give one smoothed loss per rate.',
  );
  checkPositive('suggestBounds', 'lrs[0]', lrs[0]!);
  for (let i = 1; i < lrs.length; i++) {
    checkAbove(
      'suggestBounds',
      `lrs[${i}]`,
      lrs[i]!,
      lrs[i - 1]!,
      'The rates must increase, as a finder sweeps them.',
      `lrs[${i - 1}] = ${lrs[i - 1]}`,
    );
  }
  checkSuggestOptions({ margin, minFall, warmup });
  checkFinite('suggestBounds', 'smoothed[0]', smoothed[0]!);

  const best = argBest(smoothed, (a, b) => a < b, 0, smoothed.length - 1);
  const bottom = smoothed[best]!;
  if (best === smoothed.length - 1) {
    return {
      found: false,
      reason: `the smoothed loss was still falling at the last rate tried (${fmt(lrs[best]!)}): rerun with a larger end rate.`,
    };
  }
  if (best < warmup) {
    return {
      found: false,
      reason:
        `the smoothed loss is lowest at update ${best}, within the moving average's warm-up of ${warmup} updates: ` +
        'rerun with more iterations, or from a smaller rate.',
    };
  }
  const peak = argBest(smoothed, (a, b) => a > b, warmup, best);
  const top = smoothed[peak]!;
  const fall = top - bottom;
  if (!(fall > minFall * Math.abs(top))) {
    return {
      found: false,
      reason:
        `the smoothed loss fell by less than ${100 * minFall} % (from ${fmt(top)} to ${fmt(bottom)}) before rising: ` +
        'start from a smaller rate, or check that the model learns at all.',
    };
  }
  const lowerIndex = firstAtOrBelow(smoothed, top - margin * fall, peak, best);
  const upperIndex = firstAtOrBelow(smoothed, bottom + margin * fall, lowerIndex, best);
  if (upperIndex === lowerIndex) {
    return {
      found: false,
      reason:
        `the smoothed loss fell from ${fmt(top)} to ${fmt(bottom)} within one step (at ${fmt(lrs[lowerIndex]!)}): ` +
        'too few iterations to place the fall; rerun with more.',
    };
  }
  return { found: true, lower: lrs[lowerIndex]!, upper: lrs[upperIndex]!, lowerIndex, upperIndex };
}

/** The index of the first best finite value among values[first … last] by `better` (there is a finite one). */
function argBest(
  values: readonly number[],
  better: (a: number, b: number) => boolean,
  first: number,
  last: number,
): number {
  let best = -1;
  for (let i = first; i <= last; i++)
    if (Number.isFinite(values[i]) && (best < 0 || better(values[i]!, values[best]!))) best = i;
  return best;
}

/** The first index in [from, to] whose value is ≤ level (values[to] is, by construction). */
function firstAtOrBelow(values: readonly number[], level: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (values[i]! <= level) return i;
  return to;
}

/** Checks the options of `suggestBounds`, so that a caller can reject bad ones before doing any work. */
export function checkSuggestOptions({ margin = 0.1, minFall = 0.05, warmup = 0 }: SuggestOptions = {}): void {
  checkInterval('suggestBounds', 'margin', margin, [0, 0.5], { lo: true, hi: true });
  checkInterval('suggestBounds', 'minFall', minFall, [0, 1], { lo: true, hi: true });
  checkNonNegativeInteger('suggestBounds', 'warmup', warmup);
}

/**
 * One line for people: "suggested bounds 1.2e-2 to 3.4e-1", or "no suggestion: <why>".
 *
 * @example
 * assert.equal(describeSuggestion({ found: true, lower: 0.0123, upper: 0.345, lowerIndex: 40, upperIndex: 70 }),
 *   'suggested bounds 1.23e-2 to 3.45e-1');
 * assert.equal(describeSuggestion({ found: false, reason: 'the loss was still falling' }), 'no suggestion: the loss was still falling');
 */
export function describeSuggestion(suggestion: LrSuggestion): string {
  return suggestion.found
    ? `suggested bounds ${suggestion.lower.toExponential(2)} to ${suggestion.upper.toExponential(2)}`
    : `no suggestion: ${suggestion.reason}`;
}

/**
 * The suggested bounds, or an error that says why the curve shows none.
 *
 * @example
 * const { lower, upper } = suggestedBounds({ found: true, lower: 0.01, upper: 0.3, lowerIndex: 40, upperIndex: 70 });
 * const clr = new CyclicLR({ baseLr: lower, maxLr: upper, stepSize: 4 * iterationsPerEpoch(50_000, 64) });
 * assert.equal(clr.at(0), 0.01);
 * assert.throws(() => suggestedBounds({ found: false, reason: 'the loss was still falling' }), /the loss was still falling/);
 */
export function suggestedBounds(suggestion: LrSuggestion): { lower: number; upper: number } {
  if (!suggestion.found) throw new Error(`The learning-rate finder suggests no bounds: ${suggestion.reason}`);
  return { lower: suggestion.lower, upper: suggestion.upper };
}
