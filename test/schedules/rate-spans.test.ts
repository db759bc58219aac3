import { describe, expect, it } from 'vitest';
import { Constant, KerasDecay, rateSpans, StepDecay } from '../../lib';

describe('rateSpans', () => {
  it("finds where a step decay drops, with the article's 1 + (the first drop at dropEvery − 1)", () => {
    expect(rateSpans(new StepDecay({ initAlpha: 0.5, factor: 0.1, dropEvery: 41 }), 80)).toEqual([
      { first: 0, last: 39, rate: 0.5 },
      { first: 40, last: 79, rate: 0.5 * 0.1 },
    ]);
    const forty = rateSpans(new StepDecay({ initAlpha: 0.5, factor: 0.1, dropEvery: 40 }), 80);
    expect(forty.map(({ first, last }) => [first, last])).toEqual([
      [0, 38],
      [39, 78],
      [79, 79],
    ]);
  });

  it('gives one span for a constant rate and one per step for a rate that changes every step', () => {
    expect(rateSpans(new Constant({ lr: 0.1 }), 5)).toEqual([{ first: 0, last: 4, rate: 0.1 }]);
    const decay = new KerasDecay({ initialLr: 0.1, decay: 0.01 });
    expect(rateSpans(decay, 4)).toEqual(decay.rates(4).map((rate, t) => ({ first: t, last: t, rate })));
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => rateSpans(new StepDecay(), 0)).toThrow(/rateSpans: count must be an integer > 0 \(got 0\)/);
    expect(() => rateSpans(new StepDecay(), 2.5)).toThrow(/count must be an integer > 0 \(got 2.5\)/);
  });
});
