import { describe, expect, it } from 'vitest';
import { sweepParallelism } from '../../lib/train/parallelism';

describe('sweepParallelism', () => {
  it('starts one run per core when the runs fill whole rounds', () => {
    expect(sweepParallelism(4, 2)).toBe(2);
    expect(sweepParallelism(14, 2)).toBe(2);
    expect(sweepParallelism(8, 4)).toBe(4);
  });

  it('starts every run at once when a last, partial round would leave cores idle', () => {
    expect(sweepParallelism(5, 2)).toBe(5); // 2.5 units against 3 for 2 + 2 + 1
    expect(sweepParallelism(3, 2)).toBe(3); // 1.5 against 2
    expect(sweepParallelism(6, 4)).toBe(6); // 1.5 against 2
  });

  it('takes a middle way when it is fastest, and never more runs than there are', () => {
    // 9 runs on 4 cores: 4 at a time takes 3 units; 5 at a time 2 · 1.25 = 2.5; 9 at once 2.25
    expect(sweepParallelism(9, 4)).toBe(9);
    // 10 runs on 4 cores: 4 → 3, 5 → 2.5, 10 → 2.5: the smallest of the fastest
    expect(sweepParallelism(10, 4)).toBe(5);
    expect(sweepParallelism(2, 8)).toBe(2);
    expect(sweepParallelism(1, 2)).toBe(1);
    expect(sweepParallelism(7, 1)).toBe(1);
  });

  it('rejects counts that are not positive integers', () => {
    expect(() => sweepParallelism(0, 2)).toThrow(/runs must be an integer ≥ 1 \(got 0\)/);
    expect(() => sweepParallelism(3, 1.5)).toThrow(/cores must be an integer ≥ 1 \(got 1.5\)/);
  });
});
