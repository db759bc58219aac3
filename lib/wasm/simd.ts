/**
 * The project's own SIMD kernels (assembly/, compiled by
 * `npm run build:kernels` into dist/wasm/kernels*.wasm), instantiated on the
 * wasm backend's memory so that they read and write tensors in place.
 *
 * The stock single-threaded backend has a private memory and the threaded
 * one (lib/wasm/threaded.ts) a shared memory; a module importing memory must
 * declare which, so there is one binary for each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './heap';

/** The kernels' exports (pointers are byte offsets in the backend's memory). */
export interface SimdKernels {
  conv2dBackpropFilter(
    x: number, dy: number, dw: number,
    batch: number, inH: number, inW: number, inC: number,
    outH: number, outW: number, outC: number,
    fH: number, fW: number, strideH: number, strideW: number,
    padTop: number, padLeft: number,
  ): void;
  conv2d(
    x: number, w: number, bias: number, y: number,
    batch: number, inH: number, inW: number, inC: number,
    outH: number, outW: number, outC: number,
    fH: number, fW: number, strideH: number, strideW: number,
    padTop: number, padLeft: number,
  ): void;
  channelSums(x: number, sums: number, part: number, rows: number, channels: number): void;
  centeredSquares(x: number, mean: number, out: number, part: number, rows: number, channels: number): void;
  gradSums(dy: number, x: number, mean: number, sumDy: number, sumDyXc: number, part: number,
    rows: number, channels: number): void;
  scaleShift(x: number, scale: number, shift: number, y: number, rows: number, channels: number): void;
  gradInput(dy: number, x: number, a: number, b: number, d: number, dx: number, rows: number, channels: number): void;
}

/** The parts of the WebAssembly API used here (not in this project's libs). */
interface Memory { buffer: ArrayBuffer | SharedArrayBuffer }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: unknown };
};

/** The Emscripten module's handles on its memory (which one is set depends on the build). */
interface EmscriptenMemory { wasmMemory?: Memory; asm?: { memory?: Memory } }

const instances = new WeakMap<BackendWasm, SimdKernels>();

/**
 * Finds a compiled kernel binary: next to this file when running from
 * dist/, or in dist/ when running the TypeScript sources (tests).
 */
export function kernelBinaryPath(file: string): string {
  const candidates = [path.join(__dirname, file), path.resolve(__dirname, '..', '..', 'dist', 'wasm', file)];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) {
    throw new Error(`the SIMD training kernels are not built (looked for ${candidates.join(' and ')}); run \`npm run build\``);
  }
  return found;
}

/** The SIMD kernels bound to `backend`'s memory (instantiated once per backend). */
export function simdKernels(backend: BackendWasm): SimdKernels {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    const emscripten = backend.wasm as unknown as EmscriptenMemory;
    const memory = emscripten.wasmMemory ?? emscripten.asm?.memory;
    if (memory === undefined) throw new Error('cannot find the wasm backend\'s memory');
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = fs.readFileSync(kernelBinaryPath(shared ? 'kernels-shared.wasm' : 'kernels.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    kernels = instance.exports as SimdKernels;
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Byte offset of a tensor's data in the backend's memory. */
export function pointer(backend: BackendWasm, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('tensor is not on the wasm backend (disposed?)');
  return data.memoryOffset;
}
