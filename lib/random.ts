/**
 * A small deterministic pseudo-random generator for seeded subsets and shuffles: the same seed gives the same
 * numbers on every platform and Node version (Math.random cannot be seeded).
 *
 * The generator is mulberry32 (32-bit state, period 2³²), started from a seed and a stream number mixed by the
 * murmur3 finalizer, so that nearby seeds (1, 2, 3…) and streams (one per epoch) start far apart.
 */
import { checkIntegerIn, parameterMessage, parameterProblem } from './schedules/validate';

/** An integer seed or stream number outside [0, 2³²). */
export class SeedError extends RangeError {
  override name = 'SeedError';
}

/** Checks that `value` is an integer in [0, 2³²) and returns it. `owner` and `param` name it in the error. */
export function checkSeed(owner: string, param: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new SeedError(parameterMessage(owner, parameterProblem(param, 'an integer in [0, 4294967295]', value)));
  }
  return value;
}

/** murmur3's 32-bit finalizer: a bijection on 32-bit integers that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded generator of uniform numbers. `new Prng(seed, stream)` is reproducible for every (seed, stream). */
export class Prng {
  private state: number;

  constructor(seed: number, stream = 0) {
    checkSeed('Prng', 'seed', seed);
    checkSeed('Prng', 'stream', stream);
    this.state = fmix32(fmix32(seed) ^ Math.imul(stream, 0x9e37_79b9) ^ 0x6a09_e667);
  }

  /** The next uniform integer in [0, 2³²). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b_79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling); n must be an integer in [1, 2³²]. */
  int(n: number): number {
    checkIntegerIn('Prng.int', 'n', n, [1, 2 ** 32]);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}

/** Shuffles `items` in place with the Fisher–Yates algorithm driven by `prng`, and returns it. */
export function shuffleInPlace(items: Uint32Array, prng: Prng): Uint32Array {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** A uniformly random permutation of 0…n−1 drawn from `prng`. */
export function permutation(n: number, prng: Prng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, prng);
}
