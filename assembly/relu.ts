/**
 * max(z, 0) on four float32 lanes, with f32x4.max's results: positive lanes and NaN unchanged, negative lanes
 * and -0 to +0.
 *
 * f32x4.max itself costs eight x64 instructions in V8 (two maxps and a fix-up for NaN and signed zeros, as
 * `node --print-wasm-code` shows), which made the batch-norm ReLU pass about twice as slow as its multiply-add.
 * pmax(z, 0) (z < 0 ? 0 : z) is one maxps and already keeps a NaN; adding +0 then turns its -0 into +0, as max
 * does. So every lane gets the value f32x4.max(z, 0) gives, bit for bit except in a NaN's payload and sign: a NaN
 * stays a NaN (z's own, quieted, where V8's max returns its canonical NaN; wasm leaves NaN bits open).
 */
@inline export function reluLanes(z: v128): v128 {
  const zero = f32x4.splat(0);
  return f32x4.add(f32x4.pmax(z, zero), zero);
}
