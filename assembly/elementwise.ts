/**
 * Element-wise kernels over float32 arrays (byte offsets), each on the elements [from, to) so that threads can
 * share one call:
 *
 *     add:      out = a + b
 *     addRelu:  out = max(a + b, 0)
 *     reluGrad: dx  = dy · (y > 0 ? 1 : 0)
 *
 * reluGrad is tfjs' gradient of ReLU, dy · step(x), taken from the output y = relu(x) instead of x: y > 0 exactly
 * when x > 0, y is NaN exactly when x is (addRelu keeps a NaN, see reluLanes), and the product is the same float32
 * multiplication by 1, 0 or NaN. Every result is one IEEE operation on its own element, so how the elements are
 * shared out changes no bit.
 */
import { reluLanes } from './relu';

export function add(a: usize, b: usize, out: usize, from: i32, to: i32): void {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < to; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, load<f32>(a + at) + load<f32>(b + at));
  }
}

export function addRelu(a: usize, b: usize, out: usize, from: i32, to: i32): void {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, reluLanes(f32x4.add(v128.load(a + at), v128.load(b + at))));
  }
  for (; i < to; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, max<f32>(load<f32>(a + at) + load<f32>(b + at), 0));
  }
}

export function reluGrad(dy: usize, y: usize, dx: usize, from: i32, to: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const at = <usize>i << 2;
    const out = v128.load(y + at);
    // step(y): 1 where y > 0, NaN where y is NaN (as tfjs' Step), else 0.
    const step = v128.bitselect(out, v128.and(f32x4.gt(out, zero), one), f32x4.ne(out, out));
    v128.store(dx + at, f32x4.mul(v128.load(dy + at), step));
  }
  for (; i < to; i++) {
    const at = <usize>i << 2;
    const out = load<f32>(y + at);
    store<f32>(dx + at, load<f32>(dy + at) * (out > 0 ? <f32>1 : out != out ? out : <f32>0));
  }
}
