import { expect } from 'vitest';

/** A peer's tolerance, as numpy's `assert_allclose` (and torch's `assertEqual`) apply it: |a − b| ≤ atol + rtol · |b|. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Expects `actual[i]` close to `expected[i]` for every i, naming the first index that is not. */
export function expectAllClose(
  actual: readonly number[],
  expected: readonly number[],
  { atol, rtol }: Tolerance,
): void {
  expect(actual.length).toBe(expected.length);
  const bad = actual.findIndex((a, i) => !(Math.abs(a - expected[i]!) <= atol + rtol * Math.abs(expected[i]!)));
  expect(bad, bad < 0 ? '' : `at index ${bad}: ${actual[bad]} vs ${expected[bad]} (atol ${atol}, rtol ${rtol})`).toBe(
    -1,
  );
}

/** `[value] * n` in Python. */
export const repeat = (value: number, n: number): number[] => Array<number>(n).fill(value);

/** `range(n)` in Python. */
export const range = (n: number): number[] => [...Array(n).keys()];
