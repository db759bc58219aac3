/** Partial SIMD loads and stores, for channel counts that are not multiples of 4. */

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

/** bias[o..o+lanes-1] in the low lanes (0 elsewhere, and without reading past the bias); 0 when bias is 0. */
export function biasLanes(bias: usize, o: i32, lanes: i32): v128 {
  return bias == 0 ? f32x4.splat(0) : loadLanes(bias + (<usize>o << 2), lanes);
}

/** The `lanes` (1 to 4) floats at p in the low lanes, 0 elsewhere, without reading past them. */
export function loadLanes(p: usize, lanes: i32): v128 {
  if (lanes == 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (lanes > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (lanes > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}
