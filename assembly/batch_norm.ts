/**
 * Batch-normalisation passes over a [rows, channels] float32 matrix (an NHWC
 * activation with rows = N*H*W), vectorised over channels (a scalar loop
 * finishes channel counts that are not multiples of 4).
 *
 * Reductions add rows in blocks of BLOCK_ROWS into `part` and then add each
 * block's sums into the total, so a float32 sum over M rows carries a
 * rounding error of order (BLOCK_ROWS + M / BLOCK_ROWS) ulps instead of M.
 * `part` is caller-provided scratch of `channels` floats (two sets for
 * gradSums).
 *
 * All pointers are byte offsets of float32 arrays in the shared memory.
 */

const BLOCK_ROWS: i32 = 128;

/** sums[c] = sum_r x[r, c]. */
export function channelSums(x: usize, sums: usize, part: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  memory.fill(sums, 0, rowBytes);
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
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
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    memory.fill(part, 0, rowBytes);
    const r1 = min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        const d = f32x4.sub(v128.load(xr + o), v128.load(mean + o));
        v128.store(part + o, f32x4.add(v128.load(part + o), f32x4.mul(d, d)));
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

/**
 * sumDy[c] = sum_r dy[r, c] and sumDyXc[c] = sum_r dy[r, c] * (x[r, c] - mean[c]);
 * `part` holds 2 * channels floats.
 */
export function gradSums(
  dy: usize, x: usize, mean: usize, sumDy: usize, sumDyXc: usize, part: usize, rows: i32, channels: i32,
): void {
  const rowBytes = <usize>channels << 2;
  const part2 = part + rowBytes;
  memory.fill(sumDy, 0, rowBytes);
  memory.fill(sumDyXc, 0, rowBytes);
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    memory.fill(part, 0, rowBytes << 1);
    const r1 = min(rows, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes;
      const gr = dy + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        const g = v128.load(gr + o);
        const d = f32x4.sub(v128.load(xr + o), v128.load(mean + o));
        v128.store(part + o, f32x4.add(v128.load(part + o), g));
        v128.store(part2 + o, f32x4.add(v128.load(part2 + o), f32x4.mul(g, d)));
      }
      for (; c < channels; c++) {
        const o = <usize>c << 2;
        const g = load<f32>(gr + o);
        store<f32>(part + o, load<f32>(part + o) + g);
        store<f32>(part2 + o, load<f32>(part2 + o) + g * (load<f32>(xr + o) - load<f32>(mean + o)));
      }
    }
    addInto(sumDy, part, channels);
    addInto(sumDyXc, part2, channels);
  }
}

/** y[r, c] = x[r, c] * scale[c] + shift[c]. */
export function scaleShift(x: usize, scale: usize, shift: usize, y: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      v128.store(yr + o, f32x4.add(f32x4.mul(v128.load(xr + o), v128.load(scale + o)), v128.load(shift + o)));
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      store<f32>(yr + o, load<f32>(xr + o) * load<f32>(scale + o) + load<f32>(shift + o));
    }
  }
}

/** dx[r, c] = a[c] * dy[r, c] + b[c] * x[r, c] + d[c]. */
export function gradInput(
  dy: usize, x: usize, a: usize, b: usize, d: usize, dx: usize, rows: i32, channels: i32,
): void {
  const rowBytes = <usize>channels << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const o = <usize>c << 2;
      const t = f32x4.add(f32x4.mul(v128.load(a + o), v128.load(dy + off + o)), f32x4.mul(v128.load(b + o), v128.load(x + off + o)));
      v128.store(dx + off + o, f32x4.add(t, v128.load(d + o)));
    }
    for (; c < channels; c++) {
      const o = <usize>c << 2;
      store<f32>(dx + off + o, load<f32>(a + o) * load<f32>(dy + off + o) + load<f32>(b + o) * load<f32>(x + off + o) + load<f32>(d + o));
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
