/**
 * Reading `tf.profile` of one training step for the benchmark: the kernels by total time, and the effective
 * GFLOP/s of each convolution kind (forward, input gradient, filter gradient).
 */
import type * as tf from '@tensorflow/tfjs';

/** What tf.profile gives. */
type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;
type KernelRecord = ProfileInfo['kernels'][number];

/** The three convolution kinds, by tfjs kernel name. */
const CONV_KINDS: Record<string, string> = {
  Conv2D: 'forward',
  FusedConv2D: 'forward',
  Conv2DBackpropInput: 'input gradient',
  Conv2DBackpropFilter: 'filter gradient',
};

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * FLOPs of one convolution kernel call as a direct convolution computes them: 2 × (output pixels × output
 * channels) × (filter height × width × input channels). The three kinds share that count: the forward pass's
 * output is y, the input gradient sums dy against the same filter, the filter gradient sums dy against x.
 */
export function convFlops(kernel: KernelRecord): number {
  const [first = [], second = []] = kernel.inputShapes;
  const [out = []] = kernel.outputShapes;
  switch (kernel.name) {
    case 'Conv2D':
    case 'FusedConv2D':
      return 2 * product(out) * (second[0] ?? 0) * (second[1] ?? 0) * (second[2] ?? 0);
    case 'Conv2DBackpropInput':
      return 2 * product(first) * (second[0] ?? 0) * (second[1] ?? 0) * (second[2] ?? 0);
    case 'Conv2DBackpropFilter':
      return 2 * product(second) * (out[0] ?? 0) * (out[1] ?? 0) * (out[2] ?? 0);
    default:
      return 0;
  }
}

/**
 * Timed kernels of a profile, without the records that repeat their inner kernels' time (op-level `name__op`
 * wrappers, and the 'unnamed scope' of a custom gradient such as the fused batch-norm layer's forward pass) and
 * without kernels the backend could not time (`{ error }` instead of a number).
 */
function kernels(profile: ProfileInfo): (KernelRecord & { kernelTimeMs: number })[] {
  return profile.kernels.filter(
    (k): k is KernelRecord & { kernelTimeMs: number } =>
      !k.name.endsWith('__op') && k.name !== 'unnamed scope' && typeof k.kernelTimeMs === 'number',
  );
}

/** Prints the kernels of one step by total time, then each convolution kind's time and effective GFLOP/s. */
export function printProfile(label: string, profile: ProfileInfo): void {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  const byKind = new Map<string, { ms: number; flops: number; calls: number }>();
  for (const k of kernels(profile)) {
    const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += k.kernelTimeMs;
    entry.calls += 1;
    byKernel.set(k.name, entry);
    const kind = CONV_KINDS[k.name];
    if (kind !== undefined) {
      const sum = byKind.get(kind) ?? { ms: 0, flops: 0, calls: 0 };
      sum.ms += k.kernelTimeMs;
      sum.flops += convFlops(k);
      sum.calls += 1;
      byKind.set(kind, sum);
    }
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`${label}: profile of one step, ${total.toFixed(0)} ms in kernels`);
  for (const [name, e] of rows.slice(0, 12)) {
    console.log(
      `  ${name.padEnd(22)} ${e.ms.toFixed(1).padStart(8)} ms ${String(e.calls).padStart(5)} calls` +
        ` ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`,
    );
  }
  for (const kind of ['forward', 'input gradient', 'filter gradient']) {
    const sum = byKind.get(kind);
    if (sum === undefined) continue;
    console.log(
      `  convolution ${kind.padEnd(15)} ${sum.ms.toFixed(1).padStart(8)} ms ${String(sum.calls).padStart(5)} calls` +
        ` ${(sum.flops / 1e6 / sum.ms).toFixed(1).padStart(6)} GFLOP/s effective`,
    );
  }
}
