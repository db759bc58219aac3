/**
 * Copies one NHWC image x [inH, inW, inC] into dst [dstH, dstW, dstC]
 * (dstC >= inC) at row offset padTop and column
 * offset padLeft, zeros elsewhere (the channels beyond inC included); input
 * rows and columns beyond dst, or before it (negative offsets), are dropped.
 * The convolution kernels read their taps from such a zero-bordered source
 * so that every output pixel takes the same path. Only the border is
 * zeroed, not the whole of dst.
 *
 * Pointers are byte offsets of float32 arrays in the shared memory.
 */
export function padCopy(
  x: usize, dst: usize, inH: i32, inW: i32, inC: i32,
  dstH: i32, dstW: i32, dstC: i32, padTop: i32, padLeft: i32,
): void {
  const inPixel = <usize>inC << 2;
  const dstPixel = <usize>dstC << 2;
  const dstRow = <usize>dstW * dstPixel;
  const x0 = max(0, -padLeft);
  const x1 = min(inW, dstW - padLeft);
  const y0 = max(0, -padTop);
  const y1 = min(inH, dstH - padTop);
  if (x0 >= x1 || y0 >= y1) {
    memory.fill(dst, 0, <usize>dstH * dstRow);
    return;
  }
  // Copied rows r0..r1 of dst, copied columns c0..c1 of them.
  const r0 = y0 + padTop, r1 = y1 + padTop, c0 = x0 + padLeft, c1 = x1 + padLeft;
  memory.fill(dst, 0, <usize>r0 * dstRow);
  memory.fill(dst + <usize>r1 * dstRow, 0, <usize>(dstH - r1) * dstRow);
  for (let iy = y0; iy < y1; iy++) {
    const row = dst + <usize>(iy + padTop) * dstRow;
    memory.fill(row, 0, <usize>c0 * dstPixel);
    memory.fill(row + <usize>c1 * dstPixel, 0, <usize>(dstW - c1) * dstPixel);
    const to = row + <usize>c0 * dstPixel;
    const from = x + <usize>(iy * inW + x0) * inPixel;
    if (dstC == inC) {
      memory.copy(to, from, <usize>(x1 - x0) * inPixel);
    } else {
      for (let i: usize = 0; i < <usize>(x1 - x0); i++) {
        memory.copy(to + i * dstPixel, from + i * inPixel, inPixel);
        memory.fill(to + i * dstPixel + inPixel, 0, dstPixel - inPixel);
      }
    }
  }
}
