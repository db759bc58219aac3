/**
 * Batch-normalisation passes over a [rows, channels] float32 matrix (an NHWC
 * activation with rows = N*H*W), vectorised over channels (a scalar loop
 * finishes channel counts that are not multiples of 4).
 *
 * Narrow activations (4, 8 or 16 channels, common in small networks) take a
 * faster path: 16 consecutive floats then hold whole rows, so the passes run
 * over the flat array 16 floats at a time with per-channel values and sums
 * in registers (lane group k of a chunk holds channels 4k..4k+3 modulo the
 * channel count); the rows left over go through the general loop.
 *
 * Reductions add rows in blocks (BLOCK_ROWS rows, or BLOCK_CHUNKS chunks)
 * and then add each block's sums into the total, so a float32 sum over M
 * rows carries a rounding error of order (block + M / block) ulps instead of
 * M. `part` is caller-provided scratch of `channels` floats (two sets for
 * gradSums).
 *
 * Batch norm followed by a ReLU runs fused: scaleShift clamps its output at
 * zero, and the two gradient passes take the forward's per-channel scale and
 * shift, recompute z = x * scale + shift with the same instructions as the
 * forward pass (so the same rounding), and zero dy where z <= 0 (a null
 * scale pointer: no ReLU).
 *
 * All pointers are byte offsets of float32 arrays in the shared memory.
 */
import { madd } from './madd';
import { reluLanes } from './relu';

const BLOCK_ROWS: i32 = 128;
const BLOCK_CHUNKS: i32 = 32;

/** Whether 16 consecutive floats hold whole rows. */
@inline function narrow(channels: i32): bool {
  return channels == 4 || channels == 8 || channels == 16;
}

/** Rows covered by the narrow path (whole 16-float chunks), 0 for other channel counts. */
@inline function narrowRows(rows: i32, channels: i32): i32 {
  if (!narrow(channels)) return 0;
  const perChunk = 16 / channels;
  return rows / perChunk * perChunk;
}

/** Lane group k of per-channel values p repeated over a 16-float chunk. */
@inline function lanes(p: usize, k: i32, channels: i32): v128 {
  return v128.load(p + (<usize>((4 * k) % channels) << 2));
}

/** out[c] += the sums of lane groups a0..a3 that hold channel c. */
function fold(out: usize, a0: v128, a1: v128, a2: v128, a3: v128, channels: i32): void {
  if (channels == 16) {
    v128.store(out, f32x4.add(v128.load(out), a0));
    v128.store(out, f32x4.add(v128.load(out, 16), a1), 16);
    v128.store(out, f32x4.add(v128.load(out, 32), a2), 32);
    v128.store(out, f32x4.add(v128.load(out, 48), a3), 48);
  } else if (channels == 8) {
    v128.store(out, f32x4.add(v128.load(out), f32x4.add(a0, a2)));
    v128.store(out, f32x4.add(v128.load(out, 16), f32x4.add(a1, a3)), 16);
  } else {
    v128.store(out, f32x4.add(v128.load(out), f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3))));
  }
}

/** sums[c] = sum_r x[r, c]. */
export function channelSums(x: usize, sums: usize, part: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  memory.fill(sums, 0, rowBytes);
  const done = narrowRows(rows, channels);
  const chunks = (done * channels) >> 4;
  for (let k0 = 0; k0 < chunks; k0 += BLOCK_CHUNKS) {
    const k1 = min(chunks, k0 + BLOCK_CHUNKS);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (let k = k0; k < k1; k++) {
      const p = x + (<usize>k << 6);
      a0 = f32x4.add(a0, v128.load(p)); a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
    }
    fold(sums, a0, a1, a2, a3, channels);
  }
  for (let r0 = done; r0 < rows; r0 += BLOCK_ROWS) {
    memory.fill(part, 0, rowBytes);
    const r1 = min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        v128.store(part + o, f32x4.add(v128.load(part + o), v128.load(xr + o)));
      }
      for (; c < channels; c++) {
        const o = <usize>c << 2;
        store<f32>(part + o, load<f32>(part + o) + load<f32>(xr + o));
      }
    }
    addInto(sums, part, channels);
  }
}

/** out[c] = sum_r (x[r, c] - mean[c])^2. */
export function centeredSquares(x: usize, mean: usize, out: usize, part: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  memory.fill(out, 0, rowBytes);
  const done = narrowRows(rows, channels);
  const chunks = (done * channels) >> 4;
  if (chunks > 0) {
    const m0 = lanes(mean, 0, channels), m1 = lanes(mean, 1, channels);
    const m2 = lanes(mean, 2, channels), m3 = lanes(mean, 3, channels);
    for (let k0 = 0; k0 < chunks; k0 += BLOCK_CHUNKS) {
      const k1 = min(chunks, k0 + BLOCK_CHUNKS);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let k = k0; k < k1; k++) {
        const p = x + (<usize>k << 6);
        const d0 = f32x4.sub(v128.load(p), m0), d1 = f32x4.sub(v128.load(p, 16), m1);
        const d2 = f32x4.sub(v128.load(p, 32), m2), d3 = f32x4.sub(v128.load(p, 48), m3);
        a0 = madd(d0, d0, a0); a1 = madd(d1, d1, a1); a2 = madd(d2, d2, a2); a3 = madd(d3, d3, a3);
      }
      fold(out, a0, a1, a2, a3, channels);
    }
  }
  for (let r0 = done; r0 < rows; r0 += BLOCK_ROWS) {
    memory.fill(part, 0, rowBytes);
    const r1 = min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        const d = f32x4.sub(v128.load(xr + o), v128.load(mean + o));
        v128.store(part + o, madd(d, d, v128.load(part + o)));
      }
      for (; c < channels; c++) {
        const o = <usize>c << 2;
        const d = load<f32>(xr + o) - load<f32>(mean + o);
        store<f32>(part + o, load<f32>(part + o) + d * d);
      }
    }
    addInto(out, part, channels);
  }
}

/** dy where x * scale + shift > 0 (computed as scaleShift does), else 0. */
@inline function masked(g: v128, x: v128, s: v128, t: v128): v128 {
  return v128.and(g, f32x4.gt(madd(x, s, t), f32x4.splat(0)));
}

/** The scalar form of {@link masked}. */
@inline function maskedScalar(g: f32, x: f32, s: f32, t: f32): f32 {
  return x * s + t > 0 ? g : 0;
}

/**
 * sumDy[c] = sum_r g[r, c] and sumDyXc[c] = sum_r g[r, c] * (x[r, c] - mean[c]), where g = dy, or with
 * `scale` != 0, dy masked by the forward ReLU (see the module comment); `part` holds 2 * channels floats.
 */
export function gradSums(
  dy: usize, x: usize, mean: usize, sumDy: usize, sumDyXc: usize, part: usize, rows: i32, channels: i32,
  scale: usize, shift: usize,
): void {
  const relu = scale != 0;
  const rowBytes = <usize>channels << 2;
  const part2 = part + rowBytes;
  memory.fill(sumDy, 0, rowBytes);
  memory.fill(sumDyXc, 0, rowBytes);
  const done = narrowRows(rows, channels);
  const chunks = (done * channels) >> 4;
  if (chunks > 0) {
    const m0 = lanes(mean, 0, channels), m1 = lanes(mean, 1, channels);
    const m2 = lanes(mean, 2, channels), m3 = lanes(mean, 3, channels);
    for (let k0 = 0; k0 < chunks; k0 += BLOCK_CHUNKS) {
      const k1 = min(chunks, k0 + BLOCK_CHUNKS);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
      for (let k = k0; k < k1; k++) {
        const o = <usize>k << 6;
        let g0 = v128.load(dy + o), g1 = v128.load(dy + o, 16), g2 = v128.load(dy + o, 32), g3 = v128.load(dy + o, 48);
        if (relu) {
          g0 = masked(g0, v128.load(x + o), lanes(scale, 0, channels), lanes(shift, 0, channels));
          g1 = masked(g1, v128.load(x + o, 16), lanes(scale, 1, channels), lanes(shift, 1, channels));
          g2 = masked(g2, v128.load(x + o, 32), lanes(scale, 2, channels), lanes(shift, 2, channels));
          g3 = masked(g3, v128.load(x + o, 48), lanes(scale, 3, channels), lanes(shift, 3, channels));
        }
        a0 = f32x4.add(a0, g0); a1 = f32x4.add(a1, g1); a2 = f32x4.add(a2, g2); a3 = f32x4.add(a3, g3);
        b0 = madd(g0, f32x4.sub(v128.load(x + o), m0), b0);
        b1 = madd(g1, f32x4.sub(v128.load(x + o, 16), m1), b1);
        b2 = madd(g2, f32x4.sub(v128.load(x + o, 32), m2), b2);
        b3 = madd(g3, f32x4.sub(v128.load(x + o, 48), m3), b3);
      }
      fold(sumDy, a0, a1, a2, a3, channels);
      fold(sumDyXc, b0, b1, b2, b3, channels);
    }
  }
  for (let r0 = done; r0 < rows; r0 += BLOCK_ROWS) {
    memory.fill(part, 0, rowBytes << 1);
    const r1 = min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes;
      const gr = dy + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        let g = v128.load(gr + o);
        if (relu) g = masked(g, v128.load(xr + o), v128.load(scale + o), v128.load(shift + o));
        const d = f32x4.sub(v128.load(xr + o), v128.load(mean + o));
        v128.store(part + o, f32x4.add(v128.load(part + o), g));
        v128.store(part2 + o, madd(g, d, v128.load(part2 + o)));
      }
      for (; c < channels; c++) {
        const o = <usize>c << 2;
        let g = load<f32>(gr + o);
        if (relu) g = maskedScalar(g, load<f32>(xr + o), load<f32>(scale + o), load<f32>(shift + o));
        store<f32>(part + o, load<f32>(part + o) + g);
        store<f32>(part2 + o, load<f32>(part2 + o) + g * (load<f32>(xr + o) - load<f32>(mean + o)));
      }
    }
    addInto(sumDy, part, channels);
    addInto(sumDyXc, part2, channels);
  }
}

/** y[r, c] = x[r, c] * scale[c] + shift[c], or with `relu`, max(that, 0) (NaN stays NaN). */
export function scaleShift(x: usize, scale: usize, shift: usize, y: usize, rows: i32, channels: i32, relu: bool): void {
  const rowBytes = <usize>channels << 2;
  const done = narrowRows(rows, channels);
  const chunks = (done * channels) >> 4;
  if (chunks > 0) {
    const s0 = lanes(scale, 0, channels), s1 = lanes(scale, 1, channels);
    const s2 = lanes(scale, 2, channels), s3 = lanes(scale, 3, channels);
    const t0 = lanes(shift, 0, channels), t1 = lanes(shift, 1, channels);
    const t2 = lanes(shift, 2, channels), t3 = lanes(shift, 3, channels);
    for (let k = 0; k < chunks; k++) {
      const o = <usize>k << 6;
      let z0 = madd(v128.load(x + o), s0, t0), z1 = madd(v128.load(x + o, 16), s1, t1);
      let z2 = madd(v128.load(x + o, 32), s2, t2), z3 = madd(v128.load(x + o, 48), s3, t3);
      if (relu) {
        z0 = reluLanes(z0); z1 = reluLanes(z1); z2 = reluLanes(z2); z3 = reluLanes(z3);
      }
      v128.store(y + o, z0); v128.store(y + o, z1, 16); v128.store(y + o, z2, 32); v128.store(y + o, z3, 48);
    }
  }
  for (let r = done; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      const z = madd(v128.load(xr + o), v128.load(scale + o), v128.load(shift + o));
      v128.store(yr + o, relu ? reluLanes(z) : z);
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      const z = load<f32>(xr + o) * load<f32>(scale + o) + load<f32>(shift + o);
      store<f32>(yr + o, relu ? (z > 0 || isNaN(z) ? z : 0) : z);
    }
  }
}

/** dx[r, c] = a[c] * g[r, c] + b[c] * x[r, c] + d[c], g as in {@link gradSums}. */
export function gradInput(
  dy: usize, x: usize, a: usize, b: usize, d: usize, dx: usize, rows: i32, channels: i32, scale: usize, shift: usize,
): void {
  const relu = scale != 0;
  const rowBytes = <usize>channels << 2;
  const done = narrowRows(rows, channels);
  const chunks = (done * channels) >> 4;
  if (chunks > 0) {
    const a0 = lanes(a, 0, channels), a1 = lanes(a, 1, channels), a2 = lanes(a, 2, channels), a3 = lanes(a, 3, channels);
    const b0 = lanes(b, 0, channels), b1 = lanes(b, 1, channels), b2 = lanes(b, 2, channels), b3 = lanes(b, 3, channels);
    const d0 = lanes(d, 0, channels), d1 = lanes(d, 1, channels), d2 = lanes(d, 2, channels), d3 = lanes(d, 3, channels);
    for (let k = 0; k < chunks; k++) {
      const o = <usize>k << 6;
      const x0 = v128.load(x + o), x1 = v128.load(x + o, 16), x2 = v128.load(x + o, 32), x3 = v128.load(x + o, 48);
      let g0 = v128.load(dy + o), g1 = v128.load(dy + o, 16), g2 = v128.load(dy + o, 32), g3 = v128.load(dy + o, 48);
      if (relu) {
        g0 = masked(g0, x0, lanes(scale, 0, channels), lanes(shift, 0, channels));
        g1 = masked(g1, x1, lanes(scale, 1, channels), lanes(shift, 1, channels));
        g2 = masked(g2, x2, lanes(scale, 2, channels), lanes(shift, 2, channels));
        g3 = masked(g3, x3, lanes(scale, 3, channels), lanes(shift, 3, channels));
      }
      v128.store(dx + o, madd(a0, g0, madd(b0, x0, d0)));
      v128.store(dx + o, madd(a1, g1, madd(b1, x1, d1)), 16);
      v128.store(dx + o, madd(a2, g2, madd(b2, x2, d2)), 32);
      v128.store(dx + o, madd(a3, g3, madd(b3, x3, d3)), 48);
    }
  }
  for (let r = done; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      const xv = v128.load(x + off + o);
      let g = v128.load(dy + off + o);
      if (relu) g = masked(g, xv, v128.load(scale + o), v128.load(shift + o));
      const t = madd(v128.load(b + o), xv, v128.load(d + o));
      v128.store(dx + off + o, madd(v128.load(a + o), g, t));
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      const xs = load<f32>(x + off + o);
      let g = load<f32>(dy + off + o);
      if (relu) g = maskedScalar(g, xs, load<f32>(scale + o), load<f32>(shift + o));
      store<f32>(dx + off + o, load<f32>(a + o) * g + load<f32>(b + o) * xs + load<f32>(d + o));
    }
  }
}

/** total[c] += part[c]. */
function addInto(total: usize, part: usize, channels: i32): void {
  for (let c = 0; c < channels; c++) {
    const o = <usize>c << 2;
    store<f32>(total + o, load<f32>(total + o) + load<f32>(part + o));
  }
}

/**
 * Inference: y[r, c] = offset[c] + (x[r, c] - mean[c]) * scale[c] / norm[c], with norm[c] = sqrt(variance[c] + eps)
 * from the caller, rounded as the stock wasm FusedBatchNorm rounds it (measured: bit for bit over 562,500
 * random elements): the difference and the product in float32, the quotient and the sum in float64, then one
 * rounding to float32. `norm` and `offset` are float64 arrays, `mean` and `scale` float32.
 */
export function normalize(
  x: usize, mean: usize, scale: usize, offset: usize, norm: usize, y: usize, rows: i32, channels: i32,
): void {
  const rowBytes = <usize>channels << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      const o64 = <usize>c << 3;
      const a = f32x4.mul(f32x4.sub(v128.load(xr + o), v128.load(mean + o)), v128.load(scale + o));
      const lo = f64x2.add(v128.load(offset + o64), f64x2.div(f64x2.promote_low_f32x4(a), v128.load(norm + o64)));
      const high = f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 0, 1));
      const hi = f64x2.add(v128.load(offset + o64, 16), f64x2.div(high, v128.load(norm + o64, 16)));
      v128.store(yr + o, v128.shuffle<i64>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      const a = (load<f32>(xr + o) - load<f32>(mean + o)) * load<f32>(scale + o);
      store<f32>(yr + o, <f32>(load<f64>(offset + (o << 1)) + <f64>a / load<f64>(norm + (o << 1))));
    }
  }
}
