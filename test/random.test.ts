import { describe, expect, it } from 'vitest';
import { permutation, Prng, SeedError } from '../lib/random';
import { ScheduleParameterError } from '../lib/schedules/validate';

describe('Prng', () => {
  it('is reproducible from (seed, stream), and differs between seeds and streams', () => {
    const draw = (seed: number, stream?: number): number[] => {
      const prng = new Prng(seed, stream);
      return Array.from({ length: 8 }, () => prng.nextUint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1, 3)).toEqual(draw(1, 3));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    expect(draw(0)).not.toEqual(draw(0, 1));
  });

  it('draws integers uniformly in [0, n)', () => {
    const prng = new Prng(42);
    const counts = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[prng.int(10)]!++;
    // each count is Binomial(100000, 0.1): sd ≈ 95, so ±600 is over 6 sd
    for (const count of counts) expect(Math.abs(count - draws / 10)).toBeLessThan(600);
  });

  it('gives permutations of 0…n−1', () => {
    const p = permutation(1000, new Prng(5));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...permutation(1000, new Prng(5))]).toEqual([...p]);
  });

  it('rejects seeds that are not integers in [0, 2³²)', () => {
    expect(() => new Prng(-1)).toThrow(SeedError);
    expect(() => new Prng(1.5)).toThrow(/seed must be an integer in \[0, 4294967295\] \(got 1.5\)/);
    expect(() => new Prng(2 ** 32)).toThrow(/seed/);
    expect(() => new Prng(0, -2)).toThrow(/stream must be an integer/);
    expect(() => new Prng(0).int(0)).toThrow(
      new ScheduleParameterError(
        'Prng.int: n must be an integer in [1, 4294967296] (got 0).',
        'n must be an integer in [1, 4294967296] (got 0)',
      ),
    );
  });
  it('float() draws uniformly from [0, 1)', () => {
    const prng = new Prng(7);
    const draws = Array.from({ length: 20_000 }, () => prng.float());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    // The mean of 20,000 uniform draws has standard deviation 1/sqrt(12 · 20,000) ≈ 0.002.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const tenths = Array.from({ length: 10 }, (_, k) => draws.filter((d) => Math.floor(d * 10) === k).length);
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});
