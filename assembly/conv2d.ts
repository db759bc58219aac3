/**
 * NHWC 2-D convolution (dilation 1), in WebAssembly SIMD:
 *
 *     y[b, oy, ox, co] = bias[co] + sum_{ky, kx, ci} x[b, oy*sh + ky - pt, ox*sw + kx - pl, ci]
 *                                                   * w[ky, kx, ci, co]
 *
 * (taps in the padding are zero; bias is 0 when its pointer is 0). Each
 * output row is computed in tiles of 4 neighbouring pixels x 8 output
 * channels held in eight SIMD registers: per (ky, kx, ci) the tile loads
 * one filter row of 8 channels and broadcasts 4 input values. Rows skip the
 * filter rows that fall in the padding; columns whose filter taps all lie
 * inside the input use 4-pixel tiles, the border columns single-pixel tiles
 * that skip padded taps. Output channels that are not a multiple of 8 are
 * finished by 4-wide and scalar tiles.
 *
 * All pointers are byte offsets of float32 arrays in the shared memory.
 */

/** Geometry of the current output row, shared by its tiles. */
let inC: i32 = 0;
let outC: i32 = 0;
let fW: i32 = 0;
let strideW: i32 = 0;
let padLeft: i32 = 0;
let inW: i32 = 0;
let kyA: i32 = 0; // first filter row inside the input for this output row
let kyB: i32 = 0; // one past the last
let xRow0: usize = 0; // input row read by filter row 0
let xRowBytes: usize = 0;

export function conv2d(
  x: usize, w: usize, bias: usize, y: usize,
  batch: i32, inH: i32, inWidth: i32, inChannels: i32,
  outH: i32, outW: i32, outChannels: i32,
  fH: i32, fWidth: i32, strideH: i32, strideWidth: i32,
  padTop: i32, padLeftCols: i32,
): void {
  inC = inChannels; outC = outChannels; fW = fWidth; strideW = strideWidth; padLeft = padLeftCols; inW = inWidth;
  xRowBytes = <usize>(inW * inC) << 2;
  // Output columns whose taps kx = 0..fW-1 all read inside the input.
  const oxA = min(outW, ceilDiv(padLeft, strideW));
  const oxB = max(oxA, min(outW, floorDiv(inW - fW + padLeft, strideW) + 1));
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * strideH - padTop;
      kyA = max(0, -iy0);
      kyB = min(fH, inH - iy0);
      // May point before x (iy0 < 0); rows below kyA are never read.
      xRow0 = x + <usize>(((b * inH + iy0) * inW * inC) << 2);
      const yRow = y + ((<usize>((b * outH + oy) * outW) * outC) << 2);
      let o = 0;
      for (; o + 8 <= outC; o += 8) row8(w, bias, yRow, o, outW, oxA, oxB);
      for (; o + 4 <= outC; o += 4) row4(w, bias, yRow, o, outW, oxA, oxB);
      for (; o < outC; o++) {
        for (let ox = 0; ox < outW; ox++) pixel1(w, bias, yRow, o, ox);
      }
    }
  }
}

/** ceil(a / b) and floor(a / b) for b > 0. */
@inline function ceilDiv(a: i32, b: i32): i32 {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}
@inline function floorDiv(a: i32, b: i32): i32 {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/** Filter taps [kxA, kxB) of output column ox that read inside the input. */
@inline function kxStart(ox: i32): i32 {
  return max(0, padLeft - ox * strideW);
}
@inline function kxEnd(ox: i32): i32 {
  return min(fW, inW + padLeft - ox * strideW);
}

/** Byte offset of the input value read by tap (ky, kx, channel 0) of output column ox. */
@inline function xAt(ky: i32, ox: i32, kx: i32): usize {
  return xRow0 + <usize>ky * xRowBytes + (<usize>((ox * strideW + kx - padLeft) * inC) << 2);
}

/** Byte offset of w[ky, kx, 0, o]. */
@inline function wAt(w: usize, ky: i32, kx: i32, o: i32): usize {
  return w + ((<usize>((ky * fW + kx) * inC * outC + o)) << 2);
}

@inline function biasAt(bias: usize, o: i32): v128 {
  return bias == 0 ? f32x4.splat(0) : v128.load(bias + (<usize>o << 2));
}

/** Output channels o..o+7 of one output row. */
function row8(w: usize, bias: usize, yRow: usize, o: i32, outW: i32, oxA: i32, oxB: i32): void {
  let ox = 0;
  for (; ox < oxA; ox++) pixel8(w, bias, yRow, o, ox);
  for (; ox + 4 <= oxB; ox += 4) quad8(w, bias, yRow, o, ox);
  for (; ox < outW; ox++) pixel8(w, bias, yRow, o, ox);
}

/** Output channels o..o+3 of one output row. */
function row4(w: usize, bias: usize, yRow: usize, o: i32, outW: i32, oxA: i32, oxB: i32): void {
  let ox = 0;
  for (; ox < oxA; ox++) pixel4(w, bias, yRow, o, ox);
  for (; ox + 4 <= oxB; ox += 4) quad4(w, bias, yRow, o, ox);
  for (; ox < outW; ox++) pixel4(w, bias, yRow, o, ox);
}

/** Pixels ox..ox+3 (all taps inside the input) x channels o..o+7. */
function quad8(w: usize, bias: usize, yRow: usize, o: i32, ox: i32): void {
  let a0 = biasAt(bias, o), a1 = biasAt(bias, o + 4);
  let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
  const step = <usize>(strideW * inC) << 2;
  const step2: usize = step << 1, step3: usize = step * 3;
  const wStep = <usize>outC << 2;
  const n = fW * inC;
  for (let ky = kyA; ky < kyB; ky++) {
    let xp = xAt(ky, ox, 0);
    let wp = wAt(w, ky, 0, o);
    for (let j = 0; j < n; j++) {
      const w0 = v128.load(wp), w1 = v128.load(wp, 16);
      let s = v128.load32_splat(xp);
      a0 = f32x4.add(a0, f32x4.mul(s, w0)); a1 = f32x4.add(a1, f32x4.mul(s, w1));
      s = v128.load32_splat(xp + step);
      b0 = f32x4.add(b0, f32x4.mul(s, w0)); b1 = f32x4.add(b1, f32x4.mul(s, w1));
      s = v128.load32_splat(xp + step2);
      c0 = f32x4.add(c0, f32x4.mul(s, w0)); c1 = f32x4.add(c1, f32x4.mul(s, w1));
      s = v128.load32_splat(xp + step3);
      d0 = f32x4.add(d0, f32x4.mul(s, w0)); d1 = f32x4.add(d1, f32x4.mul(s, w1));
      xp += 4;
      wp += wStep;
    }
  }
  const yp = yRow + ((<usize>(ox * outC + o)) << 2);
  const yStep = <usize>outC << 2;
  v128.store(yp, a0); v128.store(yp, a1, 16);
  v128.store(yp + yStep, b0); v128.store(yp + yStep, b1, 16);
  v128.store(yp + 2 * yStep, c0); v128.store(yp + 2 * yStep, c1, 16);
  v128.store(yp + 3 * yStep, d0); v128.store(yp + 3 * yStep, d1, 16);
}

/** Pixels ox..ox+3 (all taps inside the input) x channels o..o+3. */
function quad4(w: usize, bias: usize, yRow: usize, o: i32, ox: i32): void {
  let a = biasAt(bias, o);
  let b = a, c = a, d = a;
  const step = <usize>(strideW * inC) << 2;
  const step2: usize = step << 1, step3: usize = step * 3;
  const wStep = <usize>outC << 2;
  const n = fW * inC;
  for (let ky = kyA; ky < kyB; ky++) {
    let xp = xAt(ky, ox, 0);
    let wp = wAt(w, ky, 0, o);
    for (let j = 0; j < n; j++) {
      const w0 = v128.load(wp);
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(xp), w0));
      b = f32x4.add(b, f32x4.mul(v128.load32_splat(xp + step), w0));
      c = f32x4.add(c, f32x4.mul(v128.load32_splat(xp + step2), w0));
      d = f32x4.add(d, f32x4.mul(v128.load32_splat(xp + step3), w0));
      xp += 4;
      wp += wStep;
    }
  }
  const yp = yRow + ((<usize>(ox * outC + o)) << 2);
  const yStep = <usize>outC << 2;
  v128.store(yp, a); v128.store(yp + yStep, b);
  v128.store(yp + 2 * yStep, c); v128.store(yp + 3 * yStep, d);
}

/** Pixel ox (taps in the padding skipped) x channels o..o+7. */
function pixel8(w: usize, bias: usize, yRow: usize, o: i32, ox: i32): void {
  let a0 = biasAt(bias, o), a1 = biasAt(bias, o + 4);
  const wStep = <usize>outC << 2;
  const kxA = kxStart(ox);
  const n = (kxEnd(ox) - kxA) * inC;
  for (let ky = kyA; ky < kyB; ky++) {
    let xp = xAt(ky, ox, kxA);
    let wp = wAt(w, ky, kxA, o);
    for (let j = 0; j < n; j++) {
      const s = v128.load32_splat(xp);
      a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wp)));
      a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wp, 16)));
      xp += 4;
      wp += wStep;
    }
  }
  const yp = yRow + ((<usize>(ox * outC + o)) << 2);
  v128.store(yp, a0); v128.store(yp, a1, 16);
}

/** Pixel ox (taps in the padding skipped) x channels o..o+3. */
function pixel4(w: usize, bias: usize, yRow: usize, o: i32, ox: i32): void {
  let a = biasAt(bias, o);
  const wStep = <usize>outC << 2;
  const kxA = kxStart(ox);
  const n = (kxEnd(ox) - kxA) * inC;
  for (let ky = kyA; ky < kyB; ky++) {
    let xp = xAt(ky, ox, kxA);
    let wp = wAt(w, ky, kxA, o);
    for (let j = 0; j < n; j++) {
      a = f32x4.add(a, f32x4.mul(v128.load32_splat(xp), v128.load(wp)));
      xp += 4;
      wp += wStep;
    }
  }
  v128.store(yRow + ((<usize>(ox * outC + o)) << 2), a);
}

/** Pixel ox (taps in the padding skipped) x channel o. */
function pixel1(w: usize, bias: usize, yRow: usize, o: i32, ox: i32): void {
  let a: f32 = bias == 0 ? 0 : load<f32>(bias + (<usize>o << 2));
  const wStep = <usize>outC << 2;
  const kxA = kxStart(ox);
  const n = (kxEnd(ox) - kxA) * inC;
  for (let ky = kyA; ky < kyB; ky++) {
    let xp = xAt(ky, ox, kxA);
    let wp = wAt(w, ky, kxA, o);
    for (let j = 0; j < n; j++) {
      a += load<f32>(xp) * load<f32>(wp);
      xp += 4;
      wp += wStep;
    }
  }
  store<f32>(yRow + ((<usize>(ox * outC + o)) << 2), a);
}
