/**
 * Benchmark: the three convolution kernels (forward, input gradient, filter
 * gradient) of the 3x3 stride-1 'same' convolutions of ResNet-20 and of the
 * workshop net (`shallow`) and a few shapes that test where the 'auto' rule
 * draws its lines, on the wasm backend with the training kernels,
 * with Winograd off (direct kernels) and on ('always') with each tile,
 * F(2x2, 3x3) and F(4x4, 3x3), interleaved in one process so that the
 * ratios are fair on a shared machine. Prints the median ms of each, the
 * effective GFLOP/s (the direct convolution's
 * 2 * batch * outH * outW * 9 * inC * outC FLOPs per kernel) and the
 * speed-ups over the direct kernel.
 *
 * Run after `npm run build`: node bench/conv-kernels.js [--batch N] [--reps N]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/backend';
import { type CommandSpec, numberOption, readCommandLine } from '../dist/cli/args';
import { setWinograd, setWinogradTile, type WinogradMode, type WinogradTile } from '../dist/wasm/winograd';

const COMMAND: CommandSpec = {
  command: 'node bench/conv-kernels.js',
  summary:
    'Times the 3x3 stride-1 convolution kernels of ResNet-20 and the workshop net, direct against Winograd ' +
    'F(2x2, 3x3) and F(4x4, 3x3).',
  options: {
    batch: { value: 'N', default: '64', help: 'Batch size, an integer ≥ 1' },
    reps: { value: 'N', default: '7', help: 'Timed repetitions of each kernel and mode, an integer ≥ 1' },
  },
  examples: ['node bench/conv-kernels.js', 'node bench/conv-kernels.js --batch 8 --reps 3'],
};

/** [name, size, inC, outC] of each 3x3 stride-1 'same' convolution shape. */
const SHAPES: [string, number, number, number][] = [
  ['resnet20 stage 1', 32, 16, 16],
  ['resnet20 stage 2', 16, 32, 32],
  ['resnet20 stage 3', 8, 64, 64],
  ['resnet20/shallow stem', 32, 3, 16],
  ['shallow bottleneck', 32, 8, 8],
  // Near the lines the 'auto' rule (lib/wasm/winograd.ts) draws: few channels, a small map.
  ['4 channels', 32, 4, 4],
  ['4x4 map', 4, 64, 64],
];

/** The tensors and attributes of one shape's kernels. */
interface Operands {
  x: tf.Tensor4D;
  w: tf.Tensor4D;
  dy: tf.Tensor4D;
  attrs: tf.NamedAttrMap;
}

const KINDS: Record<string, (t: Operands) => tf.Tensor> = {
  forward: (t) => tf.engine().runKernel(tf.Conv2D, { x: t.x, filter: t.w }, t.attrs),
  'input gradient': (t) =>
    tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: t.dy, filter: t.w }, { ...t.attrs, inputShape: t.x.shape }),
  'filter gradient': (t) =>
    tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: t.x, dy: t.dy }, { ...t.attrs, filterShape: t.w.shape }),
};

/** Each variant timed: its name, the Winograd mode and the tile. */
const VARIANTS: [string, WinogradMode, WinogradTile][] = [
  ['direct', 'off', 'auto'],
  ['F(2x2)', 'always', 2],
  ['F(4x4)', 'always', 4],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds of one call of `run` (its output read back, then disposed). */
function time(run: () => tf.Tensor): number {
  const start = process.hrtime.bigint();
  const out = run();
  out.dataSync();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  out.dispose();
  return ms;
}

async function main(): Promise<void> {
  const args = readCommandLine(COMMAND);
  if (args === null) return;
  const batch = numberOption(args.values, 'batch', { integer: true, min: 1 });
  const reps = numberOption(args.values, 'reps', { integer: true, min: 1 });
  const report = await initBackend();
  console.log(report.line);
  console.log(`batch ${batch}, median of ${reps} interleaved runs; GFLOP/s counts the direct convolution's FLOPs`);
  for (const [name, size, inC, outC] of SHAPES) {
    const t: Operands = {
      x: tf.randomNormal([batch, size, size, inC]),
      w: tf.randomNormal([3, 3, inC, outC]),
      dy: tf.randomNormal([batch, size, size, outC]),
      attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 },
    };
    const flops = 2 * batch * size * size * 9 * inC * outC;
    for (const [kind, run] of Object.entries(KINDS)) {
      const ms: Record<string, number[]> = { direct: [], 'F(2x2)': [], 'F(4x4)': [] };
      for (let r = 0; r <= reps; r++) {
        for (const [variant, mode, tile] of VARIANTS) {
          setWinograd(mode);
          setWinogradTile(tile);
          const elapsed = time(() => run(t));
          if (r > 0) ms[variant]!.push(elapsed); // the first round warms up
        }
      }
      const direct = median(ms.direct!);
      const cells = Object.entries(ms).map(([variant, values]) => {
        const m = median(values);
        const speedUp = variant === 'direct' ? '' : ` ×${(direct / m).toFixed(2)}`;
        return `${variant} ${m.toFixed(2).padStart(6)} ms ${(flops / m / 1e6).toFixed(1).padStart(5)} GFLOP/s${speedUp}`;
      });
      console.log(
        `${name.padEnd(22)} ${size}x${size} ${String(inC).padStart(2)}->${String(outC).padEnd(2)} ` +
          `${kind.padEnd(15)} ${cells.join('  ')}`,
      );
    }
    tf.dispose([t.x, t.w, t.dy]);
  }
  setWinograd('auto');
  setWinogradTile('auto');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
