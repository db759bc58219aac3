/**
 * The transforms of Winograd's F(4x4, 3x3) (Lavin & Gray 2016), for the
 * kernels of winograd.ts: 4x4 output tiles from 6x6 input patches, 36
 * transform-domain positions xi = 6*i + j, with
 *
 *     B^T = [4  0 -5  0 1 0;  0 -4 -4  1 1 0;  0  4 -4 -1 1 0;
 *            0 -2 -1  2 1 0;  0  2 -1 -2 1 0;  0  4  0 -5 0 1]
 *     G   = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6;
 *            1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]
 *     A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].
 *
 * Each 2-D transform is two 1-D passes: along columns into the
 * transform-domain matrices, then along rows in place. Layouts as in
 * winograd.ts: V[xi] at v + xi*vStep ([chunk][cp]), M/dM at m + xi*mStep
 * ([chunk][kp]), the padded source [.., srcW, cp], U and dU [36][cp*kp].
 */
import { biasLanes, storeLanes } from './lanes';

const FOUR = f32x4.splat(4);
const FIVE = f32x4.splat(5);
const TWO = f32x4.splat(2);
const EIGHT = f32x4.splat(8);

/** B^T times (d0..d5), stored at p, p + step, .. p + 5*step. */
@inline function storeBt(p: usize, step: usize, d0: v128, d1: v128, d2: v128, d3: v128, d4: v128, d5: v128): void {
  const d34 = f32x4.add(d3, d4), d12 = f32x4.add(d1, d2);
  v128.store(p, f32x4.add(f32x4.sub(f32x4.mul(FOUR, d0), f32x4.mul(FIVE, d2)), d4));
  v128.store(p + step, f32x4.sub(d34, f32x4.mul(FOUR, d12)));
  v128.store(p + 2 * step, f32x4.add(f32x4.mul(FOUR, f32x4.sub(d1, d2)), f32x4.sub(d4, d3)));
  const d42 = f32x4.sub(d4, d2), d31 = f32x4.sub(d3, d1);
  v128.store(p + 3 * step, f32x4.add(f32x4.mul(TWO, d31), d42));
  v128.store(p + 4 * step, f32x4.sub(d42, f32x4.mul(TWO, d31)));
  v128.store(p + 5 * step, f32x4.add(f32x4.sub(f32x4.mul(FOUR, d1), f32x4.mul(FIVE, d3)), d5));
}

/** V[xi][t] = (B^T d B)[xi] for the n tiles from t0 (tile (ty, tx) reads rows 4ty.., columns 4tx..). */
export function inputTransform4(src: usize, v: usize, t0: i32, n: i32, cp: i32, srcW: i32, tilesW: i32,
  vStep: usize): void {
  const pixel = <usize>cp << 2;
  const row = <usize>srcW * pixel;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const base = src + <usize>(4 * ty) * row + <usize>(4 * tx) * pixel;
    const out = v + ((<usize>(t * cp)) << 2);
    for (let c: usize = 0; c < pixel; c += 16) {
      for (let j = 0; j < 6; j++) {
        const p = base + c + <usize>j * pixel;
        storeBt(out + c + <usize>j * vStep, 6 * vStep, v128.load(p), v128.load(p + row), v128.load(p + 2 * row),
          v128.load(p + 3 * row), v128.load(p + 4 * row), v128.load(p + 5 * row));
      }
      for (let i = 0; i < 6; i++) {
        const p = out + c + <usize>(6 * i) * vStep;
        storeBt(p, vStep, v128.load(p), v128.load(p + vStep), v128.load(p + 2 * vStep), v128.load(p + 3 * vStep),
          v128.load(p + 4 * vStep), v128.load(p + 5 * vStep));
      }
    }
  }
}

/** A^T times (m0..m5): the four outputs, stored at p, p + step, .. (in place of the inputs). */
@inline function storeAt(p: usize, step: usize, m0: v128, m1: v128, m2: v128, m3: v128, m4: v128, m5: v128): void {
  const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
  v128.store(p, f32x4.add(f32x4.add(m0, a), c));
  v128.store(p + step, f32x4.add(b, f32x4.mul(TWO, d)));
  v128.store(p + 2 * step, f32x4.add(a, f32x4.mul(FOUR, c)));
  v128.store(p + 3 * step, f32x4.add(f32x4.add(b, f32x4.mul(EIGHT, d)), m5));
}

/** Y = A^T M A (+ bias) for the n tiles from t0, written where they fall inside the output (M is overwritten). */
export function outputTransform4(m: usize, bias: usize, yb: usize, t0: i32, n: i32, outH: i32, outW: i32,
  outC: i32, kp: i32, tilesW: i32, mStep: usize, yRowPitch: i32, yPixel: i32): void {
  const rowBytes = <usize>(yRowPitch * outC) << 2, pixelBytes = <usize>(yPixel * outC) << 2;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const oy = 4 * ty, ox = 4 * tx;
    const rows = min(4, outH - oy), cols = min(4, outW - ox);
    const base = m + ((<usize>(t * kp)) << 2);
    for (let o = 0; o < outC; o += 4) {
      const p = base + (<usize>o << 2);
      for (let j = 0; j < 6; j++) {
        const q = p + <usize>j * mStep;
        const s = mStep * 6;
        storeAt(q, s, v128.load(q), v128.load(q + s), v128.load(q + 2 * s), v128.load(q + 3 * s),
          v128.load(q + 4 * s), v128.load(q + 5 * s));
      }
      const lanes = min(4, outC - o);
      const bv = biasLanes(bias, o, lanes);
      for (let k = 0; k < rows; k++) {
        const q = p + <usize>(6 * k) * mStep;
        const m0 = v128.load(q), m1 = v128.load(q + mStep), m2 = v128.load(q + 2 * mStep);
        const m3 = v128.load(q + 3 * mStep), m4 = v128.load(q + 4 * mStep), m5 = v128.load(q + 5 * mStep);
        const a = f32x4.add(m1, m2), b = f32x4.sub(m1, m2), c = f32x4.add(m3, m4), d = f32x4.sub(m3, m4);
        const y = yb + <usize>(oy + k) * rowBytes + <usize>ox * pixelBytes + (<usize>o << 2);
        storeLanes(y, f32x4.add(bv, f32x4.add(f32x4.add(m0, a), c)), lanes);
        if (cols > 1) storeLanes(y + pixelBytes, f32x4.add(bv, f32x4.add(b, f32x4.mul(TWO, d))), lanes);
        if (cols > 2) storeLanes(y + 2 * pixelBytes, f32x4.add(bv, f32x4.add(a, f32x4.mul(FOUR, c))), lanes);
        if (cols > 3) {
          storeLanes(y + 3 * pixelBytes, f32x4.add(bv, f32x4.add(f32x4.add(b, f32x4.mul(EIGHT, d)), m5)), lanes);
        }
      }
    }
  }
}

/** A times (g0..g3): six values stored at p, p + step, .. */
@inline function storeA(p: usize, step: usize, g0: v128, g1: v128, g2: v128, g3: v128): void {
  const e = f32x4.add(g0, g2), o = f32x4.add(g1, g3);
  const e4 = f32x4.add(g0, f32x4.mul(FOUR, g2)), o4 = f32x4.add(f32x4.mul(TWO, g1), f32x4.mul(EIGHT, g3));
  v128.store(p, g0);
  v128.store(p + step, f32x4.add(e, o));
  v128.store(p + 2 * step, f32x4.sub(e, o));
  v128.store(p + 3 * step, f32x4.add(e4, o4));
  v128.store(p + 4 * step, f32x4.sub(e4, o4));
  v128.store(p + 5 * step, g3);
}

/** dM[xi][t] = (A dY A^T)[xi] for the n tiles from t0 of the padded dy g ([.., 4*tilesW, kp]). */
export function gradTransform4(g: usize, dm: usize, t0: i32, n: i32, kp: i32, tilesW: i32, mStep: usize): void {
  const pixel = <usize>kp << 2;
  const row = <usize>(4 * tilesW) * pixel;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const base = g + <usize>(4 * ty) * row + <usize>(4 * tx) * pixel;
    const out = dm + ((<usize>(t * kp)) << 2);
    for (let o: usize = 0; o < pixel; o += 16) {
      for (let j = 0; j < 4; j++) {
        const p = base + o + <usize>j * pixel;
        storeA(out + o + <usize>j * mStep, 6 * mStep, v128.load(p), v128.load(p + row), v128.load(p + 2 * row),
          v128.load(p + 3 * row));
      }
      for (let i = 0; i < 6; i++) {
        const p = out + o + <usize>(6 * i) * mStep;
        storeA(p, mStep, v128.load(p), v128.load(p + mStep), v128.load(p + 2 * mStep), v128.load(p + 3 * mStep));
      }
    }
  }
}

/** Row k (0..5) of G times (g0, g1, g2). */
@inline function gRow(k: i32, g0: f32, g1: f32, g2: f32): f32 {
  if (k == 0) return g0 / 4;
  if (k == 1) return -(g0 + g1 + g2) / 6;
  if (k == 2) return -(g0 - g1 + g2) / 6;
  if (k == 3) return g0 / 24 + g1 / 12 + g2 / 6;
  if (k == 4) return g0 / 24 - g1 / 12 + g2 / 6;
  return g2;
}

/** U[xi] = G g G^T of one (ci, co): the filter's taps at tap + (3*ky + kx)*tapStep, U's at at + xi*xiStep. */
export function filterTransform4(tap: usize, tapStep: usize, at: usize, xiStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    const g0 = load<f32>(tap + <usize>kx * tapStep);
    const g1 = load<f32>(tap + <usize>(3 + kx) * tapStep);
    const g2 = load<f32>(tap + <usize>(6 + kx) * tapStep);
    for (let i = 0; i < 6; i++) store<f32>(at + <usize>(6 * i + kx) * xiStep, gRow(i, g0, g1, g2));
  }
  for (let i = 0; i < 6; i++) {
    const p = at + <usize>(6 * i) * xiStep;
    const a = load<f32>(p), b = load<f32>(p + xiStep), c = load<f32>(p + 2 * xiStep);
    for (let j = 5; j >= 0; j--) store<f32>(p + <usize>j * xiStep, gRow(j, a, b, c));
  }
}

/** gRow on four lanes: the same float32 operations in the same order, so the same bits in each lane. */
@inline function gRowLanes(k: i32, g0: v128, g1: v128, g2: v128): v128 {
  if (k == 0) return f32x4.div(g0, f32x4.splat(4));
  if (k == 1) return f32x4.div(f32x4.neg(f32x4.add(f32x4.add(g0, g1), g2)), f32x4.splat(6));
  if (k == 2) return f32x4.div(f32x4.neg(f32x4.add(f32x4.sub(g0, g1), g2)), f32x4.splat(6));
  const third = f32x4.div(g2, f32x4.splat(6));
  const first = f32x4.div(g0, f32x4.splat(24));
  const second = f32x4.div(g1, f32x4.splat(12));
  if (k == 3) return f32x4.add(f32x4.add(first, second), third);
  if (k == 4) return f32x4.add(f32x4.sub(first, second), third);
  return g2;
}

/**
 * filterTransform4 for four consecutive output channels at once: their taps are four consecutive floats at tap +
 * (3*ky + kx)*tapStep, and their U's four consecutive floats at at + xi*xiStep.
 */
export function filterTransform4Lanes(tap: usize, tapStep: usize, at: usize, xiStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    const g0 = v128.load(tap + <usize>kx * tapStep);
    const g1 = v128.load(tap + <usize>(3 + kx) * tapStep);
    const g2 = v128.load(tap + <usize>(6 + kx) * tapStep);
    for (let i = 0; i < 6; i++) v128.store(at + <usize>(6 * i + kx) * xiStep, gRowLanes(i, g0, g1, g2));
  }
  for (let i = 0; i < 6; i++) {
    const p = at + <usize>(6 * i) * xiStep;
    const a = v128.load(p), b = v128.load(p + xiStep), c = v128.load(p + 2 * xiStep);
    for (let j = 5; j >= 0; j--) v128.store(p + <usize>j * xiStep, gRowLanes(j, a, b, c));
  }
}

/** Row k (0..2) of G^T times (a0..a5). */
@inline function gtRow(k: i32, a0: f32, a1: f32, a2: f32, a3: f32, a4: f32, a5: f32): f32 {
  if (k == 0) return a0 / 4 - (a1 + a2) / 6 + (a3 + a4) / 24;
  if (k == 1) return (a2 - a1) / 6 + (a3 - a4) / 12;
  return (a3 + a4 - a1 - a2) / 6 + a5;
}

/** (dU G)[i][kx]. */
function timesG4(at: usize, xiStep: usize, i: i32, kx: i32): f32 {
  const p = at + <usize>(6 * i) * xiStep;
  return gtRow(kx, load<f32>(p), load<f32>(p + xiStep), load<f32>(p + 2 * xiStep), load<f32>(p + 3 * xiStep),
    load<f32>(p + 4 * xiStep), load<f32>(p + 5 * xiStep));
}

/** gtRow on four lanes: the same float32 operations in the same order, so the same bits in each lane. */
@inline function gtRowLanes(k: i32, a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128): v128 {
  if (k == 0) {
    const head = f32x4.sub(f32x4.div(a0, f32x4.splat(4)), f32x4.div(f32x4.add(a1, a2), f32x4.splat(6)));
    return f32x4.add(head, f32x4.div(f32x4.add(a3, a4), f32x4.splat(24)));
  }
  if (k == 1) {
    return f32x4.add(f32x4.div(f32x4.sub(a2, a1), f32x4.splat(6)), f32x4.div(f32x4.sub(a3, a4), f32x4.splat(12)));
  }
  return f32x4.add(f32x4.div(f32x4.sub(f32x4.sub(f32x4.add(a3, a4), a1), a2), f32x4.splat(6)), a5);
}

/** timesG4 on four lanes. */
@inline function timesG4Lanes(at: usize, xiStep: usize, i: i32, kx: i32): v128 {
  const p = at + <usize>(6 * i) * xiStep;
  return gtRowLanes(kx, v128.load(p), v128.load(p + xiStep), v128.load(p + 2 * xiStep), v128.load(p + 3 * xiStep),
    v128.load(p + 4 * xiStep), v128.load(p + 5 * xiStep));
}

/** filterGradOut4 for four consecutive output channels at once (four consecutive floats at at and at tap). */
export function filterGradOut4Lanes(at: usize, xiStep: usize, tap: usize, tapStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    const e0 = timesG4Lanes(at, xiStep, 0, kx), e1 = timesG4Lanes(at, xiStep, 1, kx);
    const e2 = timesG4Lanes(at, xiStep, 2, kx), e3 = timesG4Lanes(at, xiStep, 3, kx);
    const e4 = timesG4Lanes(at, xiStep, 4, kx), e5 = timesG4Lanes(at, xiStep, 5, kx);
    for (let ky = 0; ky < 3; ky++) {
      v128.store(tap + <usize>(3 * ky + kx) * tapStep, gtRowLanes(ky, e0, e1, e2, e3, e4, e5));
    }
  }
}

/** dw of one (ci, co) = G^T dU G, dU at at + xi*xiStep, dw's taps at tap + (3*ky + kx)*tapStep. */
export function filterGradOut4(at: usize, xiStep: usize, tap: usize, tapStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    const e0 = timesG4(at, xiStep, 0, kx), e1 = timesG4(at, xiStep, 1, kx), e2 = timesG4(at, xiStep, 2, kx);
    const e3 = timesG4(at, xiStep, 3, kx), e4 = timesG4(at, xiStep, 4, kx), e5 = timesG4(at, xiStep, 5, kx);
    for (let ky = 0; ky < 3; ky++) store<f32>(tap + <usize>(3 * ky + kx) * tapStep, gtRow(ky, e0, e1, e2, e3, e4, e5));
  }
}
