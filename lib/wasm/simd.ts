/**
 * The project's own SIMD kernels (assembly/, compiled by
 * `npm run build:kernels` into dist/wasm/kernels*.wasm), instantiated on the
 * wasm backend's memory so that they read and write tensors in place.
 *
 * The stock single-threaded backend has a private memory and the threaded
 * one (lib/wasm/threaded.ts) a shared memory; a module importing memory must
 * declare which, so there is one binary for each. On the threaded backend
 * a {@link KernelPool} of worker threads (one fewer than the backend's
 * threads) shares each kernel call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './heap';
import { KernelPool } from './simd-pool';

/** The kernels' exports (pointers are byte offsets in the backend's memory). */
export interface SimdKernels {
  conv2d(
    x: number,
    w: number,
    packed: number,
    padded: number,
    bias: number,
    residual: number,
    y: number,
    yImage: number,
    yRowPitch: number,
    yPixel: number,
    batch: number,
    inH: number,
    inW: number,
    inC: number,
    outH: number,
    outW: number,
    outC: number,
    fH: number,
    fW: number,
    strideH: number,
    strideW: number,
    padTop: number,
    padLeft: number,
  ): void;
  conv2dBackpropFilter(
    x: number,
    dy: number,
    dw: number,
    batch: number,
    inH: number,
    inW: number,
    inC: number,
    outH: number,
    outW: number,
    outC: number,
    fH: number,
    fW: number,
    strideH: number,
    strideW: number,
    padTop: number,
    padLeft: number,
  ): void;
  winogradFilter(w: number, u: number, inC: number, outC: number, tile: number, from: number, to: number): void;
  winograd(
    x: number,
    u: number,
    scratch: number,
    bias: number,
    y: number,
    yImage: number,
    yRowPitch: number,
    yPixel: number,
    batch: number,
    inH: number,
    inW: number,
    inC: number,
    outH: number,
    outW: number,
    outC: number,
    padTop: number,
    padLeft: number,
    chunkTiles: number,
    tile: number,
    ring: number,
  ): void;
  winogradFilterGrad(
    x: number,
    dy: number,
    scratch: number,
    du: number,
    batch: number,
    inH: number,
    inW: number,
    inC: number,
    outH: number,
    outW: number,
    outC: number,
    padTop: number,
    padLeft: number,
    chunkTiles: number,
    tile: number,
    ring: number,
  ): void;
  winogradFilterGradOut(
    du: number,
    parts: number,
    dw: number,
    inC: number,
    outC: number,
    tile: number,
    from: number,
    to: number,
  ): void;
  channelSums(x: number, sums: number, part: number, rows: number, channels: number): void;
  centeredSquares(x: number, mean: number, out: number, part: number, rows: number, channels: number): void;
  gradSums(
    dy: number,
    x: number,
    mean: number,
    sumDy: number,
    sumDyXc: number,
    part: number,
    rows: number,
    channels: number,
    scale: number,
    shift: number,
  ): void;
  scaleShift(x: number, scale: number, shift: number, y: number, rows: number, channels: number, relu: number): void;
  normalize(
    x: number,
    mean: number,
    scale: number,
    offset: number,
    norm: number,
    y: number,
    rows: number,
    channels: number,
  ): void;
  gradInput(
    dy: number,
    x: number,
    a: number,
    b: number,
    d: number,
    dx: number,
    rows: number,
    channels: number,
    scale: number,
    shift: number,
  ): void;
  add(a: number, b: number, out: number, from: number, to: number): void;
  addRelu(a: number, b: number, out: number, from: number, to: number): void;
  reluGrad(dy: number, y: number, dx: number, from: number, to: number): void;
  kerasSgdStep(
    w: number,
    g: number,
    v: number,
    wOut: number,
    vOut: number,
    n: number,
    lr: number,
    momentum: number,
    nesterov: number,
  ): void;
}

export type KernelName = keyof SimdKernels;

const KERNEL_NAMES: readonly KernelName[] = [
  'conv2d',
  'conv2dBackpropFilter',
  'winogradFilter',
  'winograd',
  'winogradFilterGrad',
  'winogradFilterGradOut',
  'channelSums',
  'centeredSquares',
  'gradSums',
  'scaleShift',
  'gradInput',
  'kerasSgdStep',
  'normalize',
  'add',
  'addRelu',
  'reluGrad',
];

/** The kernels bound to one backend, and the threads that run them. */
export interface SimdRuntime {
  /** Threads a kernel call can use (this one and the pool's). */
  readonly threads: number;
  /**
   * Runs kernel `name` once per argument list in `calls` (at most
   * `threads`), concurrently, and returns when all have finished. The
   * calls must write disjoint memory.
   */
  parallel<K extends KernelName>(name: K, calls: Parameters<SimdKernels[K]>[]): void;
}

/** The parts of the WebAssembly API used here (not in this project's libs). */
interface Memory {
  buffer: ArrayBuffer | SharedArrayBuffer;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: unknown };
};

/** The Emscripten module's handles on its memory (which one is set depends on the build). */
interface EmscriptenModule {
  wasmMemory?: Memory;
  asm?: { memory?: Memory };
  /** Threads for the SIMD kernels, set on the threaded module by lib/wasm/threaded.ts (absent: one). */
  kernelThreads?: number;
}

const runtimes = new WeakMap<BackendWasm, SimdRuntime>();

/**
 * Finds a compiled kernel binary: next to this file when running from
 * dist/, or in dist/ when running the TypeScript sources (tests).
 */
function kernelBinaryPath(file: string): string {
  const candidates = [path.join(__dirname, file), path.resolve(__dirname, '..', '..', 'dist', 'wasm', file)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `the SIMD training kernels are not built (looked for ${candidates.join(' and ')}); run \`npm run build\``,
    );
  }
  return found;
}

/**
 * Compiles the kernel binary. It uses relaxed SIMD (fused multiply-add),
 * on by default from Node 22 (V8 11.4); Node 20 has it behind
 * `--experimental-wasm-relaxed-simd`, which is then switched on for this
 * process (wasm features are read when a module is compiled).
 */
function compileKernels(binary: Uint8Array): object {
  try {
    return new WebAssembly.Module(binary);
  } catch (err) {
    if (!/relaxed-simd/.test(String(err))) throw err;
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return new WebAssembly.Module(binary);
  }
}

/** The SIMD kernels bound to `backend`'s memory (instantiated once per backend). */
export function simdKernels(backend: BackendWasm): SimdRuntime {
  let runtime = runtimes.get(backend);
  if (runtime === undefined) {
    const emscripten = backend.wasm as unknown as EmscriptenModule;
    const memory = emscripten.wasmMemory ?? emscripten.asm?.memory;
    if (memory === undefined) throw new Error("cannot find the wasm backend's memory");
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const binary = fs.readFileSync(kernelBinaryPath(shared ? 'kernels-shared.wasm' : 'kernels.wasm'));
    const module = compileKernels(binary);
    const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as SimdKernels;
    const threads = emscripten.kernelThreads ?? 1;
    const pool = shared && threads > 1 ? new KernelPool(memory, module, KERNEL_NAMES, threads - 1) : null;
    // tsc needs the cast to spread the arguments into a kernel; the rule takes it for a no-op.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const local = (name: KernelName) => (args: number[]) => (kernels[name] as (...a: number[]) => void)(...args);
    runtime = {
      threads: 1 + (pool?.size ?? 0),
      parallel: (name, calls) => {
        if (pool === null) {
          if (calls.length > 1) throw new Error(`${calls.length} calls of ${name} for one thread`);
          calls.forEach(local(name));
        } else {
          pool.run(name, calls, local(name));
        }
      },
    };
    runtimes.set(backend, runtime);
  }
  return runtime;
}

/** Byte offset of a tensor's data in the backend's memory. */
export function pointer(backend: BackendWasm, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('tensor is not on the wasm backend (disposed?)');
  return data.memoryOffset;
}

/** Splits [0, total) into at most `parts` contiguous, non-empty ranges of near-equal size. */
export function splitRange(total: number, parts: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, total));
  return Array.from({ length: n }, (_, i) => [Math.floor((i * total) / n), Math.floor(((i + 1) * total) / n)]);
}
