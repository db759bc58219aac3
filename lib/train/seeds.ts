/**
 * The seeds of a sweep from its `--seeds` option. Pure.
 */

/** A `--seeds` value the sweep cannot use. The message says what is allowed and what was given. */
export class SeedsOptionError extends RangeError {
  override name = 'SeedsOptionError';
}

const MAX_SEED = 0xffff_ffff;
/** More seeds than this is surely a typo: each seed is one training run per schedule. */
export const MAX_SEEDS = 1000;

function fail(text: string, hint: string): never {
  throw new SeedsOptionError(
    `--seeds must be a count N (seeds 0…N-1), a comma-separated list of seeds, or ranges a..b, each seed an integer in [0, ${MAX_SEED}] (got '${text}'). ${hint}`,
  );
}

function integer(text: string, part: string): number {
  if (!/^\d+$/.test(part)) fail(text, `'${part}' is not a whole number ≥ 0.`);
  const value = Number(part);
  if (value > MAX_SEED) fail(text, `${part} is above ${MAX_SEED}.`);
  return value;
}

/**
 * The seeds `--seeds` asks for, in increasing order:
 * - `3`: a count, seeds 0, 1 and 2;
 * - `0,1,2` or `4,7`: those seeds;
 * - `5..9`: a range, both ends included (`4..4` is seed 4 alone); ranges and seeds mix (`0,5..7`).
 * A seed named twice, an empty item, a count of 0, a reversed range or more than `MAX_SEEDS` seeds is an error,
 * never silently fixed.
 *
 * @example
 * assert.deepEqual(parseSeeds('3'), [0, 1, 2]);
 * assert.deepEqual(parseSeeds('0,5..7'), [0, 5, 6, 7]);
 * assert.throws(() => parseSeeds('2,2'), SeedsOptionError);
 */
export function parseSeeds(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') fail(text, 'Give e.g. --seeds 3 or --seeds 0,1,2.');
  if (!trimmed.includes(',') && !trimmed.includes('..')) {
    const count = integer(text, trimmed);
    if (count === 0) fail(text, 'A count must be at least 1.');
    if (count > MAX_SEEDS) fail(text, `A sweep takes at most ${MAX_SEEDS} seeds.`);
    return Array.from({ length: count }, (_, i) => i);
  }
  const seeds: number[] = [];
  for (const item of trimmed.split(',').map((s) => s.trim())) {
    if (item === '') fail(text, 'An item of the list is empty.');
    const range = /^(.*)\.\.(.*)$/.exec(item);
    if (range === null) {
      seeds.push(integer(text, item));
      continue;
    }
    const [from, to] = [integer(text, range[1]!.trim()), integer(text, range[2]!.trim())];
    if (to < from) fail(text, `The range ${item} runs backwards; write ${to}..${from}.`);
    if (to - from + seeds.length >= MAX_SEEDS) fail(text, `A sweep takes at most ${MAX_SEEDS} seeds.`);
    for (let s = from; s <= to; s++) seeds.push(s);
  }
  const repeated = seeds.filter((s, i) => seeds.indexOf(s) !== i);
  if (repeated.length > 0) fail(text, `Seed ${repeated[0]} is named twice.`);
  if (seeds.length > MAX_SEEDS) fail(text, `A sweep takes at most ${MAX_SEEDS} seeds.`);
  return seeds.sort((a, b) => a - b);
}
