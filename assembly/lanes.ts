/** Partial SIMD stores, for channel counts that are not multiples of 4. */

/** Stores the low `lanes` lanes (1 to 4) of v at p. */
@inline export function storeLanes(p: usize, v: v128, lanes: i32): void {
  if (lanes == 4) {
    v128.store(p, v);
    return;
  }
  v128.store32_lane(p, v, 0);
  if (lanes > 1) v128.store32_lane(p, v, 1, 4);
  if (lanes > 2) v128.store32_lane(p, v, 2, 8);
}
