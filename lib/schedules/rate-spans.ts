import type { Schedule } from './schedule';
import { checkPositiveInteger } from './validate';

/** A run of consecutive steps at one rate. */
export interface RateSpan {
  /** The run's first step, 0-based. */
  first: number;
  /** The run's last step, 0-based. */
  last: number;
  rate: number;
}

/**
 * The runs of equal rates among steps 0 … count − 1 of a schedule — where a step decay drops, for instance.
 *
 * @example
 * rateSpans(new StepDecay({ initAlpha: 0.5, factor: 0.1, dropEvery: 41 }), 80);
 * // [{ first: 0, last: 39, rate: 0.5 }, { first: 40, last: 79, rate: 0.05 }]
 */
export function rateSpans(schedule: Schedule, count: number): RateSpan[] {
  checkPositiveInteger('rateSpans', 'count', count);
  const spans: RateSpan[] = [];
  schedule.rates(count).forEach((rate, t) => {
    const open = spans[spans.length - 1];
    if (open !== undefined && open.rate === rate) open.last = t;
    else spans.push({ first: t, last: t, rate });
  });
  return spans;
}
