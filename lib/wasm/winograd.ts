/**
 * Winograd convolution on the project's SIMD kernels (assembly/winograd.ts,
 * which documents the identity, and assembly/winograd-f4.ts): 3x3,
 * stride-1 convolutions by F(4x4, 3x3), 36 multiplications per 4x4 output
 * tile and channel pair where the direct kernel does 144, or F(2x2, 3x3),
 * 16 per 2x2 tile where it does 36 (see {@link winogradTile}). `convolve`
 * (conv2d.ts) sends such convolutions here, so Conv2D, FusedConv2D
 * (linear, with bias) and the stride-1 input gradient (a 3x3 stride-1
 * convolution of dy) use it; the filter gradient of a 3x3 stride-1
 * convolution runs in the transform domain (conv2d-backprop-filter.ts).
 * The batch is split over the kernel threads as for the direct kernels, and
 * the filter's transform by blocks of 8 output channels.
 *
 * {@link setWinograd} chooses the mode: 'auto' (the default: where it was
 * measured faster), 'always' (every 3x3 stride-1 convolution, whatever its
 * channels) or 'off' (every convolution on the direct kernels, for
 * comparisons and as an escape hatch). initBackend and the data-parallel
 * workers set it from the environment variable TFJS_WASM_WINOGRAD.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Convolution } from './conv2d';
import { allocate, BackendWasm, dims4, release } from './heap';
import { pointer, simdKernels, splitRange } from './simd';

/** When 3x3 stride-1 convolutions take the Winograd path. */
export type WinogradMode = 'auto' | 'always' | 'off';

export const WINOGRAD_MODES: readonly WinogradMode[] = ['auto', 'always', 'off'];

let mode: WinogradMode = 'auto';

/**
 * Sets the Winograd mode for every later convolution (see the module's comment): 'auto' (the default, where it was
 * measured faster), 'always' or 'off' (the direct kernels only). `TFJS_WASM_WINOGRAD` sets it in `initBackend`.
 *
 * @example
 * setWinograd('off');
 * assert.equal(winogradMode(), 'off');
 * setWinograd('auto');
 * assert.throws(() => setWinograd('fast' as WinogradMode), /mode must be one of auto, always, off/);
 */
export function setWinograd(next: WinogradMode): void {
  if (!WINOGRAD_MODES.includes(next)) {
    throw new Error(`setWinograd: mode must be one of ${WINOGRAD_MODES.join(', ')}, got ${String(next)}`);
  }
  mode = next;
}

/** The environment variable that {@link winogradModeFromEnv} reads. */
export const WINOGRAD_VARIABLE = 'TFJS_WASM_WINOGRAD';

/** The mode TFJS_WASM_WINOGRAD names ('auto' when unset or empty); throws for other values. */
export function winogradModeFromEnv(env: NodeJS.ProcessEnv): WinogradMode {
  const requested = env[WINOGRAD_VARIABLE]?.trim() ?? '';
  if (requested === '') return 'auto';
  const found = WINOGRAD_MODES.find((m) => m === requested);
  if (found === undefined) {
    throw new Error(
      `${WINOGRAD_VARIABLE}=${requested} is not one of ${WINOGRAD_MODES.join(', ')}; ` +
        'unset it for the default (auto)',
    );
  }
  return found;
}

/**
 * The current Winograd mode.
 *
 * @example
 * assert.equal(winogradMode(), 'auto'); // unless setWinograd or TFJS_WASM_WINOGRAD chose another
 */
export function winogradMode(): WinogradMode {
  return mode;
}

/**
 * Where 'auto' takes Winograd, from bench/conv-kernels.ts (batch 64, 2
 * threads, direct against Winograd interleaved, on a shared 2-core
 * machine; speed-ups over the direct kernel, two runs of F(2x2) then two
 * of both tiles, F(4x4) given): a convolution (forward or input gradient)
 * when the channels its products sum over are at least 8 (16 -> 3
 * channels: 1.23, 1.25, 1.21, 1.30; 8 -> 8: 1.11, 1.11, 1.13, 1.08; but
 * 3 -> 16: 0.94, 0.69, 0.83, 0.89 and 4 -> 4: 0.91, 0.98, 1.03, 1.12),
 * since the transforms' cost grows with the channels rather than with
 * their product; a filter gradient when either channel count is at least
 * 8 (3 -> 16: 1.38, 1.53, 1.48, 1.42; 8 -> 8: 1.01, 1.02, 0.99, 1.01; but
 * 4 -> 4: 0.95, 0.92, 0.89, 0.95).
 */
const MIN_CHANNELS = 8;

/** The kernels Winograd can replace. */
export type WinogradKind = 'convolution' | 'filter gradient';

/**
 * Whether a convolution kernel of this geometry (dilation 1) takes the
 * Winograd path: inC and outC are the channels of the convolution the
 * kernel computes (for `convolve` of an input gradient: dy's and dx's) or,
 * for a filter gradient, differentiates.
 */
export function winogradApplies(
  kind: WinogradKind,
  fH: number,
  fW: number,
  strideH: number,
  strideW: number,
  inC: number,
  outC: number,
): boolean {
  if (mode === 'off' || fH !== 3 || fW !== 3 || strideH !== 1 || strideW !== 1) return false;
  if (mode === 'always') return true;
  return (kind === 'convolution' ? inC : Math.max(inC, outC)) >= MIN_CHANNELS;
}

/** Floats of one chunk's transformed tiles (V and M), sized to stay in a core's L2 cache. */
const CHUNK_FLOATS = 1 << 16;

/** Floats between the kernels' transform-domain matrices (SKEW in assembly/winograd.ts). */
const SKEW = 16;

const up4 = (n: number): number => Math.ceil(n / 4) * 4;

/** Geometry the kernels derive from the call, repeated here to size their scratch memory. */
interface Tiling {
  /** Output tile: 2 for F(2x2, 3x3), 4 for F(4x4, 3x3). */
  tile: number;
  tilesH: number;
  tilesW: number;
  /** Floats of one zero-bordered source image. */
  source: number;
  /** Image slots of the rings of padded images (and dy) for a share of `images` images: as many as a chunk spans. */
  ring: (images: number) => number;
  /** Tiles per chunk, a multiple of 4. */
  chunk: number;
  /** Floats of a chunk's V and M. */
  transformed: number;
  /** Floats of the transformed filter U (or its gradient dU). */
  filter: number;
}

/** The output tile: F(2x2, 3x3), F(4x4, 3x3), or 'auto' (see {@link winogradTile}). */
export type WinogradTile = 2 | 4 | 'auto';

export const WINOGRAD_TILES: readonly WinogradTile[] = ['auto', 2, 4];

let tileChoice: WinogradTile = 'auto';

/**
 * Sets the output tile for every later Winograd convolution ('auto' by default; 2 and 4 for comparisons and tests).
 *
 * @example
 * setWinogradTile(2);
 * assert.equal(winogradTile(32, 32), 2);
 * setWinogradTile('auto');
 * assert.equal(winogradTile(32, 32), 4);
 */
export function setWinogradTile(next: WinogradTile): void {
  if (!WINOGRAD_TILES.includes(next)) {
    throw new Error(`setWinogradTile: tile must be one of ${WINOGRAD_TILES.join(', ')}, got ${String(next)}`);
  }
  tileChoice = next;
}

/**
 * The output tile for a convolution with an outH x outW output: the chosen
 * one, or with 'auto' 4 (F(4x4, 3x3): 36 products per 16 outputs) where
 * the output is at least 8 x 8, else 2 (F(2x2, 3x3): 16 per 4), whose
 * lighter transforms won on 4 x 4 outputs. Measured with
 * bench/conv-kernels.ts (two runs): on ResNet-20's shapes F(4x4) was
 * 1.28-2.70 times faster than the direct kernels where F(2x2) was
 * 0.96-2.45; on a 4 x 4 output with 64 channels F(2x2) was 1.04-1.46 and
 * F(4x4) 0.74-1.33. F(4x4)'s rounding error is larger but small: at most
 * 67 u S against the cpu backend where F(2x2) and the direct kernels stay
 * under 5 (u = 2^-24, S the sum of |terms|; bench/conv-error.ts).
 *
 * @example
 * assert.equal(winogradTile(32, 32), 4); // with the default 'auto'
 * assert.equal(winogradTile(4, 4), 2);
 */
export function winogradTile(outH: number, outW: number): 2 | 4 {
  if (tileChoice !== 'auto') return tileChoice;
  return Math.min(outH, outW) >= 8 ? 4 : 2;
}

function tiling(outH: number, outW: number, inC: number, outC: number): Tiling {
  const tile = winogradTile(outH, outW);
  const xis = (tile + 2) ** 2;
  const [cp, kp] = [up4(inC), up4(outC)];
  const tilesH = Math.ceil(outH / tile);
  const tilesW = Math.ceil(outW / tile);
  const chunk = up4(Math.max(4, Math.floor(CHUNK_FLOATS / (xis * (cp + kp)))));
  return {
    tile,
    tilesH,
    tilesW,
    chunk,
    source: (tile * tilesH + 2) * (tile * tilesW + 2) * cp,
    ring: (images) => Math.min(images, Math.ceil((chunk - 1) / (tilesH * tilesW)) + 1),
    transformed: xis * (chunk * (cp + kp) + 2 * SKEW),
    filter: xis * cp * kp,
  };
}

/** first, first + sizes[0], first + sizes[0] + sizes[1], .. (sizes.length + 1 values). */
function offsets(first: number, sizes: number[]): number[] {
  return sizes.reduce((out, size) => [...out, out[out.length - 1]! + size], [first]);
}

/** `convolve` of a 3x3 stride-1 convolution (one {@link winogradApplies} accepts) by Winograd. */
export function winogradConvolve(backend: BackendWasm, c: Convolution): void {
  const [batch, inH, inW, inC] = dims4(c.x);
  const outC = dims4(c.filter)[3];
  const simd = simdKernels(backend);
  const shares = splitRange(batch, simd.threads);
  const t = tiling(c.outH, c.outW, inC, outC);
  // U, then per thread: its ring of padded images, V and M.
  const starts = offsets(
    t.filter,
    shares.map(([b0, b1]) => t.ring(b1 - b0) * t.source + t.transformed),
  );
  const scratch = allocate(backend, [starts[shares.length]!]);
  const [px, pw, py, ps] = [c.x, c.filter, c.out, scratch].map((info) => pointer(backend, info)) as [
    number,
    number,
    number,
    number,
  ];
  const pb = c.bias === undefined ? 0 : pointer(backend, c.bias);
  const { offset, image, rowPitch, pixel } = c.layout;
  // The filter's transform, shared out by blocks of 8 output channels.
  simd.parallel(
    'winogradFilter',
    splitRange(Math.ceil(outC / 8), simd.threads).map(([k0, k1]) => [pw, ps, inC, outC, t.tile, 8 * k0, 8 * k1]),
  );
  simd.parallel(
    'winograd',
    shares.map(([b0, b1], i) => [
      px + 4 * b0 * inH * inW * inC,
      ps,
      ps + 4 * starts[i]!,
      pb,
      py + 4 * (offset + b0 * image) * outC,
      image,
      rowPitch,
      pixel,
      b1 - b0,
      inH,
      inW,
      inC,
      c.outH,
      c.outW,
      outC,
      c.padTop,
      c.padLeft,
      t.chunk,
      t.tile,
      t.ring(b1 - b0),
    ]),
  );
  release(backend, scratch);
}

/**
 * The filter gradient [3, 3, inC, outC] of a 3x3 stride-1 convolution of x
 * (leading padding padTop, padLeft) whose output gradient is dy, computed
 * in the transform domain; each kernel thread sums over its share of the
 * batch, and the shares are added before the transform back.
 */
export function winogradFilterGrad(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  padTop: number,
  padLeft: number,
): tf.TensorInfo {
  const [batch, inH, inW, inC] = dims4(x);
  const [, outH, outW, outC] = dims4(dy);
  const simd = simdKernels(backend);
  const shares = splitRange(batch, simd.threads);
  const t = tiling(outH, outW, inC, outC);
  const gradient = t.tile * t.tile * t.tilesH * t.tilesW * up4(outC);
  // The threads' partial dU, one after the other, then per thread: its rings of padded images and dy, V and dM.
  const starts = offsets(
    shares.length * t.filter,
    shares.map(([b0, b1]) => t.ring(b1 - b0) * (t.source + gradient) + t.transformed),
  );
  const scratch = allocate(backend, [starts[shares.length]!]);
  const dw = allocate(backend, [3, 3, inC, outC]);
  const [px, pdy, ps, pdw] = [x, dy, scratch, dw].map((info) => pointer(backend, info)) as [
    number,
    number,
    number,
    number,
  ];
  simd.parallel(
    'winogradFilterGrad',
    shares.map(([b0, b1], i) => [
      px + 4 * b0 * inH * inW * inC,
      pdy + 4 * b0 * outH * outW * outC,
      ps + 4 * starts[i]!,
      ps + 4 * i * t.filter,
      b1 - b0,
      inH,
      inW,
      inC,
      outH,
      outW,
      outC,
      padTop,
      padLeft,
      t.chunk,
      t.tile,
      t.ring(b1 - b0),
    ]),
  );
  // The shares' sum and the transform back, shared out by input channels.
  simd.parallel(
    'winogradFilterGradOut',
    splitRange(inC, simd.threads).map(([c0, c1]) => [ps, shares.length, pdw, inC, outC, t.tile, c0, c1]),
  );
  release(backend, scratch);
  return dw;
}
