/**
 * One update of SGD with momentum in Keras' form, for one variable, in
 * WebAssembly SIMD:
 *
 *     step = g · (−lr)
 *     v'   = v · momentum + step
 *     w'   = w + v'                         (nesterov: w + (v' · momentum + step))
 *
 * and without a velocity (v = 0 pointer): w' = w + step. The operations and
 * their order are those of KerasSGD's tfjs ops (lib/tfjs/keras-sgd.ts), each
 * one float32 multiply or add, so the results are the same bit for bit.
 * Writes w' to wOut and v' to vOut (which may alias w and v). All pointers
 * are byte offsets of float32 arrays of n elements.
 */
export function kerasSgdStep(
  w: usize, g: usize, v: usize, wOut: usize, vOut: usize, n: i32,
  lr: f32, momentum: f32, nesterov: i32,
): void {
  const rate = f32x4.splat(-lr);
  const m = f32x4.splat(momentum);
  const vectors = n & ~3;
  let i = 0;
  for (; i < vectors; i += 4) {
    const at = <usize>i << 2;
    const step = f32x4.mul(v128.load(g + at), rate);
    let update = step;
    if (v != 0) {
      const velocity = f32x4.add(f32x4.mul(v128.load(v + at), m), step);
      v128.store(vOut + at, velocity);
      update = nesterov != 0 ? f32x4.add(f32x4.mul(velocity, m), step) : velocity;
    }
    v128.store(wOut + at, f32x4.add(v128.load(w + at), update));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const step = load<f32>(g + at) * -lr;
    let update = step;
    if (v != 0) {
      const velocity = load<f32>(v + at) * momentum + step;
      store<f32>(vOut + at, velocity);
      update = nesterov != 0 ? velocity * momentum + step : velocity;
    }
    store<f32>(wOut + at, load<f32>(w + at) + update);
  }
}
