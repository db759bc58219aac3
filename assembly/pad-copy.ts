/**
 * Copies a batch of NHWC images x [batch, inH, inW, inC] into dst
 * [batch, dstH, dstW, dstC] (dstC >= inC) at row offset padTop and column
 * offset padLeft, zeros elsewhere (the channels beyond inC included); input
 * rows and columns beyond dst, or before it (negative offsets), are dropped.
 * The convolution kernels read their taps from such a zero-bordered source
 * so that every output pixel takes the same path.
 *
 * Pointers are byte offsets of float32 arrays in the shared memory.
 */
export function padCopy(
  x: usize, dst: usize, batch: i32, inH: i32, inW: i32, inC: i32,
  dstH: i32, dstW: i32, dstC: i32, padTop: i32, padLeft: i32,
): void {
  const inPixel = <usize>inC << 2;
  const dstPixel = <usize>dstC << 2;
  memory.fill(dst, 0, <usize>(batch * dstH * dstW) * dstPixel);
  const x0 = max(0, -padLeft);
  const x1 = min(inW, dstW - padLeft);
  if (x0 >= x1) return;
  for (let b = 0; b < batch; b++) {
    for (let iy = max(0, -padTop); iy < min(inH, dstH - padTop); iy++) {
      const to = dst + <usize>((b * dstH + iy + padTop) * dstW + x0 + padLeft) * dstPixel;
      const from = x + <usize>((b * inH + iy) * inW + x0) * inPixel;
      if (dstC == inC) {
        memory.copy(to, from, <usize>(x1 - x0) * inPixel);
      } else {
        for (let i: usize = 0; i < <usize>(x1 - x0); i++) memory.copy(to + i * dstPixel, from + i * inPixel, inPixel);
      }
    }
  }
}
