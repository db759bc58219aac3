/**
 * The rounding-error bound of Winograd's F(m x m, 3 x 3) for the tests, in
 * float64: the algorithm run on absolute values with the absolute transform
 * matrices, T = |A^T| [ sum_c (|G| |g| |G|^T) (.) (|B^T| |d| |B|) ] |A| per
 * output tile (and, for the filter gradient,
 * |G|^T [ sum_tiles (|B^T| |d| |B|) (.) (|A| |dy| |A|^T) ] |G|). Computed
 * in floating point with at most n roundings along any path, each result
 * is within gamma_n T of the exact one (gamma_n = n u/(1 - n u)), since
 * every intermediate is bounded by its counterpart in T.
 *
 * The matrices are Lavin & Gray's (2016), as in assembly/winograd.ts and
 * assembly/winograd-f4.ts; written out here again as the reference.
 */

type Matrix = number[][];
export type Shape = [number, number, number, number];

export interface Transforms {
  /** Output tile size. */
  m: number;
  bt: Matrix;
  g: Matrix;
  at: Matrix;
}

const absolute = (a: Matrix): Matrix => a.map((row) => row.map(Math.abs));

export const F2: Transforms = {
  m: 2,
  bt: absolute([
    [1, 0, -1, 0],
    [0, 1, 1, 0],
    [0, -1, 1, 0],
    [0, 1, 0, -1],
  ]),
  g: absolute([
    [1, 0, 0],
    [0.5, 0.5, 0.5],
    [0.5, -0.5, 0.5],
    [0, 0, 1],
  ]),
  at: absolute([
    [1, 1, 1, 0],
    [0, 1, -1, -1],
  ]),
};

export const F4: Transforms = {
  m: 4,
  bt: absolute([
    [4, 0, -5, 0, 1, 0],
    [0, -4, -4, 1, 1, 0],
    [0, 4, -4, -1, 1, 0],
    [0, -2, -1, 2, 1, 0],
    [0, 2, -1, -2, 1, 0],
    [0, 4, 0, -5, 0, 1],
  ]),
  g: absolute([
    [1 / 4, 0, 0],
    [-1 / 6, -1 / 6, -1 / 6],
    [-1 / 6, 1 / 6, -1 / 6],
    [1 / 24, 1 / 12, 1 / 6],
    [1 / 24, -1 / 12, 1 / 6],
    [0, 0, 1],
  ]),
  at: absolute([
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 2, -2, 0],
    [0, 1, 1, 4, 4, 0],
    [0, 1, -1, 8, -8, 1],
  ]),
};

/** L X R^T. */
function sandwich(l: Matrix, x: Matrix, r: Matrix): Matrix {
  const lx = l.map((row) => x[0]!.map((_, j) => row.reduce((s, v, k) => s + v * x[k]![j]!, 0)));
  return lx.map((row) => r.map((rRow) => row.reduce((s, v, k) => s + v * rRow[k]!, 0)));
}

const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));

/** The n x n window of |v| (channel c of image b) from row top, column left, zero outside. */
function window(
  v: Float32Array,
  [, h, w, ch]: Shape,
  b: number,
  top: number,
  left: number,
  c: number,
  n: number,
): Matrix {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      const [y, x] = [top + i, left + j];
      return y >= 0 && y < h && x >= 0 && x < w ? Math.abs(v[((b * h + y) * w + x) * ch + c]!) : 0;
    }),
  );
}

/**
 * T of a stride-1 3x3 convolution of `input` with leading padding
 * (top, left) into [batch, outH, outW, outC], the filter's taps given as
 * taps(c, o) = 3x3 (ky, kx) of the filter from input channel c to output
 * channel o; `bias` added (absolute) to every output of its channel.
 */
export function convBound(
  t: Transforms,
  input: Float32Array,
  shape: Shape,
  top: number,
  left: number,
  outH: number,
  outW: number,
  outC: number,
  taps: (c: number, o: number) => Matrix,
  bias?: Float32Array,
): Float64Array {
  const { m } = t;
  const n = m + 2;
  const inC = shape[3];
  const u = Array.from({ length: inC }, (_, c) =>
    Array.from({ length: outC }, (_, o) =>
      sandwich(
        t.g,
        taps(c, o).map((row) => row.map(Math.abs)),
        t.g,
      ),
    ),
  );
  const out = new Float64Array(shape[0] * outH * outW * outC);
  for (let b = 0; b < shape[0]; b++) {
    for (let ty = 0; ty < Math.ceil(outH / m); ty++) {
      for (let tx = 0; tx < Math.ceil(outW / m); tx++) {
        const d = Array.from({ length: inC }, (_, c) =>
          sandwich(t.bt, window(input, shape, b, m * ty - top, m * tx - left, c, n), t.bt),
        );
        for (let o = 0; o < outC; o++) {
          const acc = Array.from({ length: n }, (_, i) =>
            Array.from({ length: n }, (_, j) => d.reduce((s, dc, c) => s + dc[i]![j]! * u[c]![o]![i]![j]!, 0)),
          );
          const y = sandwich(t.at, acc, t.at);
          for (let i = 0; i < m && m * ty + i < outH; i++) {
            for (let j = 0; j < m && m * tx + j < outW; j++) {
              out[((b * outH + m * ty + i) * outW + m * tx + j) * outC + o] = y[i]![j]! + Math.abs(bias?.[o] ?? 0);
            }
          }
        }
      }
    }
  }
  return out;
}

/** T of the filter gradient [3, 3, inC, outC] of a stride-1 3x3 convolution of x (padding top, left) with output gradient dy. */
export function filterBound(
  t: Transforms,
  x: Float32Array,
  shape: Shape,
  top: number,
  left: number,
  dy: Float32Array,
  dyShape: Shape,
): Float64Array {
  const { m } = t;
  const n = m + 2;
  const [batch, outH, outW, outC] = dyShape;
  const inC = shape[3];
  const a = transpose(t.at);
  const du = Array.from({ length: inC * outC }, () => Array.from({ length: n }, () => new Array<number>(n).fill(0)));
  for (let b = 0; b < batch; b++) {
    for (let ty = 0; ty < Math.ceil(outH / m); ty++) {
      for (let tx = 0; tx < Math.ceil(outW / m); tx++) {
        const d = Array.from({ length: inC }, (_, c) =>
          sandwich(t.bt, window(x, shape, b, m * ty - top, m * tx - left, c, n), t.bt),
        );
        const g = Array.from({ length: outC }, (_, o) => sandwich(a, window(dy, dyShape, b, m * ty, m * tx, o, m), a));
        for (let c = 0; c < inC; c++) {
          for (let o = 0; o < outC; o++) {
            const acc = du[c * outC + o]!;
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) acc[i]![j]! += d[c]![i]![j]! * g[o]![i]![j]!;
          }
        }
      }
    }
  }
  const gt = transpose(t.g);
  const out = new Float64Array(9 * inC * outC);
  du.forEach((acc, pair) => {
    const dw = sandwich(gt, acc, gt);
    for (let k = 0; k < 9; k++) out[k * inC * outC + pair] = dw[Math.floor(k / 3)]![k % 3]!;
  });
  return out;
}
