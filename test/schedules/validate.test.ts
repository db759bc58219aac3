import { describe, expect, it } from 'vitest';
import { checkIntegerIn, checkThat, problemOf, ScheduleParameterError } from '../../lib/schedules/validate';

describe('validate.ts', () => {
  it('checkIntegerIn: an integer within both ends', () => {
    expect(checkIntegerIn('Owner', 'n', 5, [1, 5])).toBe(5);
    expect(() => checkIntegerIn('Owner', 'n', 6, [1, 5], 'Use fewer.')).toThrow(
      new ScheduleParameterError(
        'Owner: n must be an integer in [1, 5] (got 6). Use fewer.',
        'n must be an integer in [1, 5] (got 6)',
      ),
    );
    expect(problemOf(() => checkIntegerIn('Owner', 'n', 1.5, [1, 5]))).toBe('n must be an integer in [1, 5] (got 1.5)');
  });

  it("checkThat: the caller's own test, worded as the others, objects shown as JSON", () => {
    expect(() => checkThat(true, 'Owner', 'p', 'anything', 1)).not.toThrow();
    expect(problemOf(() => checkThat(false, 'Owner', 'a or b', 'given, one of the two', { a: 1, b: 2 }))).toBe(
      'a or b must be given, one of the two (got {"a":1,"b":2})',
    );
    expect(problemOf(() => checkThat(false, 'Owner', 'name', 'one of x, y', 'z'))).toBe(
      "name must be one of x, y (got 'z')",
    );
  });
});
