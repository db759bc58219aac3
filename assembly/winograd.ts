/**
 * 3x3, stride-1 NHWC convolution and its filter gradient by Winograd's
 * minimal filtering (Lavin & Gray 2016), in WebAssembly SIMD: F(2x2, 3x3)
 * here, F(4x4, 3x3) with the transforms of winograd-f4.ts (`tile` 4: 6x6
 * patches, 36 positions xi, the same products). F(2x2, 3x3):
 *
 * The output is cut into 2x2 tiles; tile (ty, tx) reads the 4x4 input patch
 * d at rows 2ty.., columns 2tx.. of the zero-padded source. With
 *
 *     B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
 *     G   = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
 *     A^T = [1 1 1 0; 0 1 -1 -1]
 *
 * the tile of output channel co is
 *
 *     Y = A^T [ sum_ci (G g[ci, co] G^T) (.) (B^T d[ci] B) ] A
 *
 * ((.) elementwise over the 16 positions xi of the 4x4 transform domain).
 * So with V[xi][tile][ci] = (B^T d B)[xi] and U[xi][ci][co] = (G g G^T)[xi]
 * the bulk of the work is 16 matrix products M[xi] = V[xi] U[xi] (tiles x
 * inC times inC x outC), 16 multiplications per tile and channel pair where
 * the direct convolution does 36. The filter gradient runs the same
 * identity backwards: dM = A dY A^T per tile, dU[xi] = sum_tiles V[xi]^T
 * dM[xi], dg = G^T dU G.
 *
 * Channels are padded to multiples of 4 (cp, kp) with zeros so that every
 * transform works on whole SIMD vectors. The tiles of the share's images
 * are processed in chunks of `chunk` tiles (a multiple of 4, chosen by the
 * caller so that a chunk's V and M stay in cache, and spanning images where
 * they are small): input transform, the 16 (or 36) products, output
 * transform. The transforms read zero-bordered [tile*tilesH + 2,
 * tile*tilesW + 2, cp] copies of the images (padCopy); an image is copied
 * when the first chunk that reads it comes, into a ring of `ring` image
 * slots (image b in slot b % ring; the caller makes the ring at least as
 * long as the images one chunk can span), so the copies are still in cache
 * when they are read and the scratch memory does not grow with the batch.
 * The products
 * hold 4 tiles x 8 output channels (or 4 input x 8 output channels for the
 * gradient) in eight SIMD registers, with fused multiply-adds, like the
 * direct kernels.
 *
 * Module globals hold only the current call's geometry; scratch memory comes
 * from the caller. All pointers are byte offsets of float32 arrays.
 */
import { biasLanes, storeLanes } from './lanes';
import { madd } from './madd';
import { padCopy } from './pad-copy';
import {
  filterGradOut4, filterGradOut4Lanes, filterTransform4, filterTransform4Lanes, gradTransform4, inputTransform4,
  outputTransform4,
} from './winograd-f4';

const HALF: f32 = 0.5;

let cp: i32 = 0; // input channels, padded to a multiple of 4
let kp: i32 = 0; // output channels, padded to a multiple of 4
let chunk: i32 = 0; // tiles per chunk (a multiple of 4)
let vStep: usize = 0; // bytes between the 16 [chunk][cp] matrices of V
let mStep: usize = 0; // bytes between the 16 [chunk][kp] matrices of M (or dM)
let tilesW: i32 = 0; // tiles per output row
let srcW: i32 = 0; // pixels per row of the padded source
let tile: i32 = 2; // output tile: 2 for F(2x2, 3x3), 4 for F(4x4, 3x3)
let xis: i32 = 16; // transform-domain positions, (tile + 2)^2

/**
 * Floats added between consecutive transform-domain matrices of a chunk, so
 * that the 16 streams a transform reads or writes do not fall into the same
 * L1 cache set (their distance would otherwise often be a multiple of 4 KiB).
 */
const SKEW: i32 = 16;

@inline function up4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Where image b of the share lies in a ring of `ring` padded images of `bytes` each. */
@inline function slot(ring0: usize, bytes: usize, b: i32, ring: i32): usize {
  return ring0 + <usize>(b % ring) * bytes;
}

/** Sets the call geometry shared by the forward and filter-gradient kernels. */
function setGeometry(inC: i32, outC: i32, outW: i32, chunkTiles: i32, tileSize: i32): void {
  cp = up4(inC); kp = up4(outC); chunk = chunkTiles;
  setTile(tileSize);
  vStep = <usize>(chunk * cp + SKEW) << 2;
  mStep = <usize>(chunk * kp + SKEW) << 2;
  tilesW = (outW + tile - 1) / tile;
  srcW = tile * tilesW + 2;
}

function setTile(tileSize: i32): void {
  tile = tileSize;
  xis = (tile + 2) * (tile + 2);
}

/**
 * U[xi] = G g G^T for every (ci, co) of w [3, 3, inC, outC], into u laid out
 * as [16][cp * kp], each xi's matrix in blocks of 8 output channels (then
 * one block of 4): the block from channel o is [cp][width] at o * cp.
 * Padded channels are zero. 16 * cp * kp floats. Only the blocks from output
 * channel `from` (a multiple of 8) up to `to` are written, so that threads
 * can share the transform.
 */
export function winogradFilter(w: usize, u: usize, inC: i32, outC: i32, tileSize: i32, from: i32, to: i32): void {
  setTile(tileSize);
  const c4 = up4(inC), k4 = up4(outC);
  const xiStep = <usize>(c4 * k4) << 2;
  const tapStep = <usize>(inC * outC) << 2;
  const end = min(to, k4);
  for (let block = from; block < end; block += 8) {
    const width = block + 8 <= k4 ? 8 : 4;
    for (let c = 0; c < c4; c++) {
      for (let j = 0; j < width; j++) {
        const o = block + j;
        const at = u + ((<usize>(block * c4 + c * width + j)) << 2);
        if (tile == 4 && (j & 3) == 0 && c < inC && o + 4 <= outC) {
          // Four output channels at once, the same bits as one at a time.
          filterTransform4Lanes(w + ((<usize>(c * outC + o)) << 2), tapStep, at, xiStep);
          j += 3;
        } else if (c >= inC || o >= outC) {
          for (let xi = 0; xi < xis; xi++) store<f32>(at + <usize>xi * xiStep, 0);
        } else if (tile == 4) {
          filterTransform4(w + ((<usize>(c * outC + o)) << 2), tapStep, at, xiStep);
        } else {
          filterTransform2(w + ((<usize>(c * outC + o)) << 2), tapStep, at, xiStep);
        }
      }
    }
  }
}

/** U[xi] = G g G^T of F(2x2, 3x3) for one (ci, co): taps at tap + (3*ky + kx)*tapStep, U's at at + xi*xiStep. */
function filterTransform2(tap: usize, tapStep: usize, at: usize, xiStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    // Column kx of G g (rows i = 0..3), then row i of (G g) G^T.
    const g0 = load<f32>(tap + <usize>kx * tapStep);
    const g1 = load<f32>(tap + <usize>(3 + kx) * tapStep);
    const g2 = load<f32>(tap + <usize>(6 + kx) * tapStep);
    setColumn(at, xiStep, kx, g0, HALF * (g0 + g1 + g2), HALF * (g0 - g1 + g2), g2);
  }
  for (let i = 0; i < 4; i++) {
    const p = at + <usize>(4 * i) * xiStep;
    const a = load<f32>(p), b = load<f32>(p + xiStep), d = load<f32>(p + 2 * xiStep);
    store<f32>(p, a);
    store<f32>(p + xiStep, HALF * (a + b + d));
    store<f32>(p + 2 * xiStep, HALF * (a - b + d));
    store<f32>(p + 3 * xiStep, d);
  }
}

/** Stores column kx of G g (t0..t3 for rows 0..3) at positions xi = 4*i + kx, to be transformed in place. */
@inline function setColumn(at: usize, xiStep: usize, kx: i32, t0: f32, t1: f32, t2: f32, t3: f32): void {
  store<f32>(at + <usize>kx * xiStep, t0);
  store<f32>(at + <usize>(4 + kx) * xiStep, t1);
  store<f32>(at + <usize>(8 + kx) * xiStep, t2);
  store<f32>(at + <usize>(12 + kx) * xiStep, t3);
}

/**
 * dw [3, 3, inC, outC] = G^T dU G, where dU [xis][cp][kp] (plain row-major)
 * is the sum of the `parts` consecutive partial sums at du (one per
 * thread), which are added into the first. Only input channels `from` to
 * `to` (exclusive) are summed and written, so that threads can share the
 * work; each element's sum is the same whatever the share.
 */
export function winogradFilterGradOut(
  du: usize, parts: i32, dw: usize, inC: i32, outC: i32, tileSize: i32, from: i32, to: i32,
): void {
  setTile(tileSize);
  const c4 = up4(inC), k4 = up4(outC);
  const xiStep = <usize>(c4 * k4) << 2;
  for (let xi = 0; xi < xis; xi++) {
    addParts(du + <usize>xi * xiStep + ((<usize>(from * k4)) << 2), parts, <usize>(xis * c4 * k4) << 2,
      (<usize>((to - from) * k4)) << 2);
  }
  const tapStep = <usize>(inC * outC) << 2;
  for (let c = from; c < to; c++) {
    for (let o = 0; o < outC; o++) {
      const at = du + ((<usize>(c * k4 + o)) << 2);
      const tap = dw + ((<usize>(c * outC + o)) << 2);
      if (tile == 4 && o + 4 <= outC) {
        // Four output channels at once, the same bits as one at a time.
        filterGradOut4Lanes(at, xiStep, tap, tapStep);
        o += 3;
      } else if (tile == 4) filterGradOut4(at, xiStep, tap, tapStep);
      else filterGradOut2(at, xiStep, tap, tapStep);
    }
  }
}

/** dw of one (ci, co) = G^T dU G for F(2x2, 3x3), dU at at + xi*xiStep, dw's taps at tap + (3*ky + kx)*tapStep. */
function filterGradOut2(at: usize, xiStep: usize, tap: usize, tapStep: usize): void {
  for (let kx = 0; kx < 3; kx++) {
    // Column kx of dU G (rows 0..3), then G^T times it.
    const e0 = timesG(at, xiStep, 0, kx), e1 = timesG(at, xiStep, 1, kx);
    const e2 = timesG(at, xiStep, 2, kx), e3 = timesG(at, xiStep, 3, kx);
    store<f32>(tap + <usize>kx * tapStep, e0 + HALF * (e1 + e2));
    store<f32>(tap + <usize>(3 + kx) * tapStep, HALF * (e1 - e2));
    store<f32>(tap + <usize>(6 + kx) * tapStep, HALF * (e1 + e2) + e3);
  }
}

/** (dU G)[i][kx]. */
@inline function timesG(at: usize, xiStep: usize, i: i32, kx: i32): f32 {
  const p = at + <usize>(4 * i) * xiStep;
  const d1 = load<f32>(p + xiStep), d2 = load<f32>(p + 2 * xiStep);
  if (kx == 0) return load<f32>(p) + HALF * (d1 + d2);
  if (kx == 1) return HALF * (d1 - d2);
  return HALF * (d1 + d2) + load<f32>(p + 3 * xiStep);
}

/** Adds the `bytes` at p + i * stride, for each of the `parts` - 1 parts i after the first, into those at p. */
function addParts(p: usize, parts: i32, stride: usize, bytes: usize): void {
  for (let i = 1; i < parts; i++) {
    const q = p + <usize>i * stride;
    for (let k: usize = 0; k < bytes; k += 16) v128.store(p + k, f32x4.add(v128.load(p + k), v128.load(q + k)));
  }
}

/**
 * Forward convolution of one share of the batch: x [batch, inH, inW, inC],
 * u from winogradFilter, bias [outC] (or 0), output pixel (b, oy, ox) at
 * yImage*b + yRowPitch*oy + yPixel*ox pixels after y (as conv2d). Scratch:
 * the ring of padded images (ring * (tile*tilesH + 2) * (tile*tilesW + 2) *
 * cp floats), then V (xis * (chunk * cp + SKEW)) and M (xis * (chunk * kp +
 * SKEW)). A chunk may span images, so that small images still fill it.
 */
export function winograd(
  x: usize, u: usize, scratch: usize, bias: usize,
  y: usize, yImage: i32, yRowPitch: i32, yPixel: i32,
  batch: i32, inH: i32, inW: i32, inC: i32, outH: i32, outW: i32, outC: i32,
  padTop: i32, padLeft: i32, chunkTiles: i32, tileSize: i32, ring: i32,
): void {
  setGeometry(inC, outC, outW, chunkTiles, tileSize);
  const tilesH = (outH + tile - 1) / tile;
  const srcH = tile * tilesH + 2;
  const src = scratch;
  const srcImage = <usize>(srcH * srcW * cp) << 2;
  const xImage = <usize>(inH * inW * inC) << 2;
  const v = src + <usize>ring * srcImage;
  const m = v + <usize>xis * vStep;
  const tiles = tilesH * tilesW;
  const yImageBytes = <usize>(yImage * outC) << 2;
  let copied = 0; // images copied into the ring so far
  for (let t0 = 0; t0 < batch * tiles; t0 += chunk) {
    const n = min(chunk, batch * tiles - t0);
    const last = (t0 + n - 1) / tiles;
    if (last - t0 / tiles >= ring) unreachable(); // the chunk's images must fit in the ring
    for (; copied <= last; copied++) {
      padCopy(x + <usize>copied * xImage, slot(src, srcImage, copied, ring), inH, inW, inC, srcH, srcW, cp,
        padTop, padLeft);
    }
    // The chunk's tiles, image by image: rows r.. of V and M.
    for (let r = 0; r < n;) {
      const b = (t0 + r) / tiles, t = (t0 + r) % tiles, count = min(n - r, tiles - t);
      const vr = v + ((<usize>(r * cp)) << 2), image = slot(src, srcImage, b, ring);
      if (tile == 4) inputTransform4(image, vr, t, count, cp, srcW, tilesW, vStep);
      else inputTransform(image, vr, t, count);
      r += count;
    }
    zeroRows(v, vStep, n, cp);
    for (let xi = 0; xi < xis; xi++) {
      product(v + <usize>xi * vStep, u + ((<usize>(xi * cp * kp)) << 2), m + <usize>xi * mStep, up4(n));
    }
    for (let r = 0; r < n;) {
      const b = (t0 + r) / tiles, t = (t0 + r) % tiles, count = min(n - r, tiles - t);
      const mr = m + ((<usize>(r * kp)) << 2), yb = y + <usize>b * yImageBytes;
      if (tile == 4) outputTransform4(mr, bias, yb, t, count, outH, outW, outC, kp, tilesW, mStep, yRowPitch, yPixel);
      else outputTransform(mr, bias, yb, t, count, outH, outW, outC, yRowPitch, yPixel);
      r += count;
    }
  }
}

/**
 * V[xi][t][c] = (B^T d B)[xi] for the n tiles from t0 of the padded source
 * (the callers zero rows n..up4(n) after the chunk's last tile, so that
 * the products can take tiles 4 at a time).
 */
function inputTransform(src: usize, v: usize, t0: i32, n: i32): void {
  const pixel = <usize>cp << 2;
  const row = <usize>srcW * pixel;
  const xiStep = vStep;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const base = src + <usize>(2 * ty) * row + <usize>(2 * tx) * pixel;
    const out = v + ((<usize>(t * cp)) << 2);
    for (let c: usize = 0; c < pixel; c += 16) {
      const p0 = base + c, p1 = p0 + row, p2 = p1 + row, p3 = p2 + row;
      // B^T d: rows r0..r3, each over the 4 columns.
      const r00 = f32x4.sub(v128.load(p0), v128.load(p2));
      const r01 = f32x4.sub(v128.load(p0 + pixel), v128.load(p2 + pixel));
      const r02 = f32x4.sub(v128.load(p0 + 2 * pixel), v128.load(p2 + 2 * pixel));
      const r03 = f32x4.sub(v128.load(p0 + 3 * pixel), v128.load(p2 + 3 * pixel));
      const d10 = v128.load(p1), d11 = v128.load(p1 + pixel), d12 = v128.load(p1 + 2 * pixel), d13 = v128.load(p1 + 3 * pixel);
      const d20 = v128.load(p2), d21 = v128.load(p2 + pixel), d22 = v128.load(p2 + 2 * pixel), d23 = v128.load(p2 + 3 * pixel);
      const r10 = f32x4.add(d10, d20), r11 = f32x4.add(d11, d21), r12 = f32x4.add(d12, d22), r13 = f32x4.add(d13, d23);
      const r20 = f32x4.sub(d20, d10), r21 = f32x4.sub(d21, d11), r22 = f32x4.sub(d22, d12), r23 = f32x4.sub(d23, d13);
      const r30 = f32x4.sub(d10, v128.load(p3)), r31 = f32x4.sub(d11, v128.load(p3 + pixel));
      const r32 = f32x4.sub(d12, v128.load(p3 + 2 * pixel)), r33 = f32x4.sub(d13, v128.load(p3 + 3 * pixel));
      const o = out + c;
      rowTimesB(o, xiStep, 0, r00, r01, r02, r03);
      rowTimesB(o, xiStep, 1, r10, r11, r12, r13);
      rowTimesB(o, xiStep, 2, r20, r21, r22, r23);
      rowTimesB(o, xiStep, 3, r30, r31, r32, r33);
    }
  }
}

/** Row i of (B^T d) B, stored at xi = 4*i + j. */
@inline function rowTimesB(o: usize, xiStep: usize, i: i32, a: v128, b: v128, c: v128, d: v128): void {
  const p = o + <usize>(4 * i) * xiStep;
  v128.store(p, f32x4.sub(a, c));
  v128.store(p + xiStep, f32x4.add(b, c));
  v128.store(p + 2 * xiStep, f32x4.sub(c, b));
  v128.store(p + 3 * xiStep, f32x4.sub(b, d));
}

/** Zeroes rows n..up4(n) of each of the xis [chunk][width] matrices at p. */
function zeroRows(p: usize, xiStep: usize, n: i32, width: i32): void {
  const rows = up4(n) - n;
  if (rows == 0) return;
  for (let xi = 0; xi < xis; xi++) {
    memory.fill(p + <usize>xi * xiStep + ((<usize>(n * width)) << 2), 0, (<usize>(rows * width)) << 2);
  }
}

/**
 * M [rows][kp] = V [rows][cp] x U (blocks of 8 then 4 output channels), rows a multiple of 4: per 4 rows, tiles
 * of 4 rows x 8 channels held in eight SIMD registers, all in this one function (a call per tile cost 3-10 % of the
 * products at 8 to 64 channels, timed alone), then the last 4-channel block.
 */
function product(v: usize, u: usize, m: usize, rows: i32): void {
  const vRow = <usize>cp << 2, mRow = <usize>kp << 2;
  const blocks8 = kp & ~7;
  for (let t = 0; t < rows; t += 4) {
    const vt = v + <usize>t * vRow, mt = m + <usize>t * mRow;
    const end = vt + vRow;
    let block = u;
    for (let o = 0; o < blocks8; o += 8) {
      let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
      let vp = vt, wp = block;
      while (vp < end) {
        const w0 = v128.load(wp), w1 = v128.load(wp, 16);
        let s = v128.load32_splat(vp);
        a0 = madd(s, w0, a0); a1 = madd(s, w1, a1);
        s = v128.load32_splat(vp + vRow);
        b0 = madd(s, w0, b0); b1 = madd(s, w1, b1);
        s = v128.load32_splat(vp + 2 * vRow);
        c0 = madd(s, w0, c0); c1 = madd(s, w1, c1);
        s = v128.load32_splat(vp + 3 * vRow);
        d0 = madd(s, w0, d0); d1 = madd(s, w1, d1);
        vp += 4;
        wp += 32;
      }
      const mp = mt + (<usize>o << 2);
      v128.store(mp, a0); v128.store(mp, a1, 16);
      v128.store(mp + mRow, b0); v128.store(mp + mRow, b1, 16);
      v128.store(mp + 2 * mRow, c0); v128.store(mp + 2 * mRow, c1, 16);
      v128.store(mp + 3 * mRow, d0); v128.store(mp + 3 * mRow, d1, 16);
      block += vRow << 3;
    }
    if (blocks8 < kp) quad4(vt, block, mt + (<usize>blocks8 << 2));
  }
}

/** Four rows of V (from vp) times the last, 4-channel block of U, into four rows of M. */
function quad4(vp: usize, wp: usize, mp: usize): void {
  const vRow = <usize>cp << 2, mRow = <usize>kp << 2;
  let a = f32x4.splat(0), b = a, c = a, d = a;
  for (let i = 0; i < cp; i++) {
    const w = v128.load(wp);
    a = madd(v128.load32_splat(vp), w, a);
    b = madd(v128.load32_splat(vp + vRow), w, b);
    c = madd(v128.load32_splat(vp + 2 * vRow), w, c);
    d = madd(v128.load32_splat(vp + 3 * vRow), w, d);
    vp += 4;
    wp += 16;
  }
  v128.store(mp, a); v128.store(mp + mRow, b);
  v128.store(mp + 2 * mRow, c); v128.store(mp + 3 * mRow, d);
}

/** Y = A^T M A (+ bias) for the n tiles from t0, written where they fall inside the output. */
function outputTransform(m: usize, bias: usize, yb: usize, t0: i32, n: i32, outH: i32, outW: i32, outC: i32,
  yRowPitch: i32, yPixel: i32): void {
  const xiStep = mStep;
  const rowBytes = <usize>(yRowPitch * outC) << 2, pixelBytes = <usize>(yPixel * outC) << 2;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const oy = 2 * ty, ox = 2 * tx;
    const down = oy + 1 < outH, right = ox + 1 < outW;
    const base = m + ((<usize>(t * kp)) << 2);
    const yp = yb + <usize>oy * rowBytes + <usize>ox * pixelBytes;
    for (let o = 0; o < outC; o += 4) {
      const p = base + (<usize>o << 2);
      // A^T M: rows s0 = m0 + m1 + m2, s1 = m1 - m2 - m3 (over the 4 columns j).
      const s00 = colSum(p, xiStep, 0), s01 = colSum(p, xiStep, 1), s02 = colSum(p, xiStep, 2), s03 = colSum(p, xiStep, 3);
      const s10 = colDiff(p, xiStep, 0), s11 = colDiff(p, xiStep, 1), s12 = colDiff(p, xiStep, 2), s13 = colDiff(p, xiStep, 3);
      const lanes = min(4, outC - o);
      const bv = biasLanes(bias, o, lanes);
      const q = yp + (<usize>o << 2);
      storeLanes(q, f32x4.add(bv, f32x4.add(f32x4.add(s00, s01), s02)), lanes);
      if (right) storeLanes(q + pixelBytes, f32x4.add(bv, f32x4.sub(f32x4.sub(s01, s02), s03)), lanes);
      if (down) {
        storeLanes(q + rowBytes, f32x4.add(bv, f32x4.add(f32x4.add(s10, s11), s12)), lanes);
        if (right) storeLanes(q + rowBytes + pixelBytes, f32x4.add(bv, f32x4.sub(f32x4.sub(s11, s12), s13)), lanes);
      }
    }
  }
}

/** m[0][j] + m[1][j] + m[2][j]. */
@inline function colSum(p: usize, xiStep: usize, j: i32): v128 {
  const q = p + <usize>j * xiStep;
  return f32x4.add(f32x4.add(v128.load(q), v128.load(q + 4 * xiStep)), v128.load(q + 8 * xiStep));
}

/** m[1][j] - m[2][j] - m[3][j]. */
@inline function colDiff(p: usize, xiStep: usize, j: i32): v128 {
  const q = p + <usize>j * xiStep;
  return f32x4.sub(f32x4.sub(v128.load(q + 4 * xiStep), v128.load(q + 8 * xiStep)), v128.load(q + 12 * xiStep));
}

/**
 * Filter gradient in the transform domain for one share of the batch:
 * du [xis][cp][kp] = sum over its tiles of V[xi]^T dM[xi], with V from x
 * (padded as the forward convolution) and dM = A dY A^T from dy
 * [batch, outH, outW, outC]. Scratch: the ring of padded images (as the
 * forward convolution's), the ring of padded dy (ring * tile*tilesH *
 * tile*tilesW * kp floats), V (xis * (chunk * cp + SKEW)) and dM (xis *
 * (chunk * kp + SKEW)).
 */
export function winogradFilterGrad(
  x: usize, dy: usize, scratch: usize, du: usize,
  batch: i32, inH: i32, inW: i32, inC: i32, outH: i32, outW: i32, outC: i32,
  padTop: i32, padLeft: i32, chunkTiles: i32, tileSize: i32, ring: i32,
): void {
  setGeometry(inC, outC, outW, chunkTiles, tileSize);
  const tilesH = (outH + tile - 1) / tile;
  const srcH = tile * tilesH + 2;
  const src = scratch;
  const srcImage = <usize>(srcH * srcW * cp) << 2;
  const g = src + <usize>ring * srcImage;
  const gImage = <usize>(tile * tile * tilesH * tilesW * kp) << 2;
  const v = g + <usize>ring * gImage;
  const dm = v + <usize>xis * vStep;
  const tiles = tilesH * tilesW;
  const xImage = <usize>(inH * inW * inC) << 2, dyImage = <usize>(outH * outW * outC) << 2;
  memory.fill(du, 0, (<usize>(xis * cp * kp)) << 2);
  let copied = 0; // images (and their dy) copied into the rings so far
  for (let t0 = 0; t0 < batch * tiles; t0 += chunk) {
    const n = min(chunk, batch * tiles - t0);
    const last = (t0 + n - 1) / tiles;
    if (last - t0 / tiles >= ring) unreachable(); // the chunk's images must fit in the rings
    for (; copied <= last; copied++) {
      padCopy(x + <usize>copied * xImage, slot(src, srcImage, copied, ring), inH, inW, inC, srcH, srcW, cp,
        padTop, padLeft);
      padCopy(dy + <usize>copied * dyImage, slot(g, gImage, copied, ring), outH, outW, outC, tile * tilesH,
        tile * tilesW, kp, 0, 0);
    }
    for (let r = 0; r < n;) {
      const b = (t0 + r) / tiles, t = (t0 + r) % tiles, count = min(n - r, tiles - t);
      const vr = v + ((<usize>(r * cp)) << 2), dmr = dm + ((<usize>(r * kp)) << 2);
      const image = slot(src, srcImage, b, ring), gradient = slot(g, gImage, b, ring);
      if (tile == 4) {
        inputTransform4(image, vr, t, count, cp, srcW, tilesW, vStep);
        gradTransform4(gradient, dmr, t, count, kp, tilesW, mStep);
      } else {
        inputTransform(image, vr, t, count);
        gradTransform(gradient, dmr, t, count);
      }
      r += count;
    }
    zeroRows(v, vStep, n, cp);
    zeroRows(dm, mStep, n, kp);
    for (let xi = 0; xi < xis; xi++) {
      accumulate(v + <usize>xi * vStep, dm + <usize>xi * mStep, du + ((<usize>(xi * cp * kp)) << 2), up4(n));
    }
  }
}

/** dM[xi][t][o] = (A dY A^T)[xi] for the n tiles from t0 of the padded dy g. */
function gradTransform(g: usize, dm: usize, t0: i32, n: i32): void {
  const pixel = <usize>kp << 2;
  const row = <usize>(2 * tilesW) * pixel;
  const xiStep = mStep;
  for (let t = 0; t < n; t++) {
    const ty = (t0 + t) / tilesW, tx = (t0 + t) % tilesW;
    const base = g + <usize>(2 * ty) * row + <usize>(2 * tx) * pixel;
    const out = dm + ((<usize>(t * kp)) << 2);
    for (let o: usize = 0; o < pixel; o += 16) {
      const p = base + o;
      const g00 = v128.load(p), g01 = v128.load(p + pixel), g10 = v128.load(p + row), g11 = v128.load(p + row + pixel);
      // A dY: rows r0 = g0, r1 = g0 + g1, r2 = g0 - g1, r3 = -g1 (over the 2 columns), then each row times A^T.
      const q = out + o;
      rowTimesAT(q, xiStep, 0, g00, g01);
      rowTimesAT(q, xiStep, 1, f32x4.add(g00, g10), f32x4.add(g01, g11));
      rowTimesAT(q, xiStep, 2, f32x4.sub(g00, g10), f32x4.sub(g01, g11));
      rowTimesAT(q, xiStep, 3, f32x4.neg(g10), f32x4.neg(g11));
    }
  }
}

/** Row i of (A dY) A^T from its two columns a, b, stored at xi = 4*i + j. */
@inline function rowTimesAT(q: usize, xiStep: usize, i: i32, a: v128, b: v128): void {
  const p = q + <usize>(4 * i) * xiStep;
  v128.store(p, a);
  v128.store(p + xiStep, f32x4.add(a, b));
  v128.store(p + 2 * xiStep, f32x4.sub(a, b));
  v128.store(p + 3 * xiStep, f32x4.neg(b));
}

/** dU [cp][kp] += V [rows][cp]^T dM [rows][kp], rows a multiple of 4. */
function accumulate(v: usize, dm: usize, du: usize, rows: i32): void {
  const duRow = <usize>kp << 2;
  for (let c = 0; c < cp; c += 4) {
    const wp = du + <usize>c * duRow;
    let o = 0;
    for (; o + 8 <= kp; o += 8) tile4x8(v + (<usize>c << 2), dm + (<usize>o << 2), wp + (<usize>o << 2), rows);
    if (o < kp) tile4x4(v + (<usize>c << 2), dm + (<usize>o << 2), wp + (<usize>o << 2), rows);
  }
}

/** dU[c..c+3][o..o+7] += sum over rows of V[t][c..c+3] dM[t][o..o+7]. */
function tile4x8(vp: usize, gp: usize, wp: usize, rows: i32): void {
  const vRow = <usize>cp << 2, gRow = <usize>kp << 2;
  const duRow = gRow;
  let a0 = v128.load(wp), a1 = v128.load(wp, 16);
  let b0 = v128.load(wp + duRow), b1 = v128.load(wp + duRow, 16);
  let c0 = v128.load(wp + 2 * duRow), c1 = v128.load(wp + 2 * duRow, 16);
  let d0 = v128.load(wp + 3 * duRow), d1 = v128.load(wp + 3 * duRow, 16);
  for (let t = 0; t < rows; t++) {
    const g0 = v128.load(gp), g1 = v128.load(gp, 16);
    let s = v128.load32_splat(vp);
    a0 = madd(s, g0, a0); a1 = madd(s, g1, a1);
    s = v128.load32_splat(vp, 4);
    b0 = madd(s, g0, b0); b1 = madd(s, g1, b1);
    s = v128.load32_splat(vp, 8);
    c0 = madd(s, g0, c0); c1 = madd(s, g1, c1);
    s = v128.load32_splat(vp, 12);
    d0 = madd(s, g0, d0); d1 = madd(s, g1, d1);
    vp += vRow;
    gp += gRow;
  }
  v128.store(wp, a0); v128.store(wp, a1, 16);
  v128.store(wp + duRow, b0); v128.store(wp + duRow, b1, 16);
  v128.store(wp + 2 * duRow, c0); v128.store(wp + 2 * duRow, c1, 16);
  v128.store(wp + 3 * duRow, d0); v128.store(wp + 3 * duRow, d1, 16);
}

/** dU[c..c+3][o..o+3] += sum over rows of V[t][c..c+3] dM[t][o..o+3]. */
function tile4x4(vp: usize, gp: usize, wp: usize, rows: i32): void {
  const vRow = <usize>cp << 2, gRow = <usize>kp << 2;
  const duRow = gRow;
  let a = v128.load(wp), b = v128.load(wp + duRow);
  let c = v128.load(wp + 2 * duRow), d = v128.load(wp + 3 * duRow);
  for (let t = 0; t < rows; t++) {
    const g = v128.load(gp);
    a = madd(v128.load32_splat(vp), g, a);
    b = madd(v128.load32_splat(vp, 4), g, b);
    c = madd(v128.load32_splat(vp, 8), g, c);
    d = madd(v128.load32_splat(vp, 12), g, d);
    vp += vRow;
    gp += gRow;
  }
  v128.store(wp, a); v128.store(wp + duRow, b);
  v128.store(wp + 2 * duRow, c); v128.store(wp + 3 * duRow, d);
}
