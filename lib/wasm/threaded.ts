/**
 * The wasm backend's threaded SIMD binary in Node, for the project's multi-threaded kernels.
 *
 * @tensorflow/tfjs-backend-wasm ships a threaded SIMD binary but never loads
 * it in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there, tfjs#3830),
 * and its loader hands Emscripten blob: URLs, which Node's worker_threads
 * cannot start. The Emscripten glue itself supports Node (it backs pthreads
 * with worker_threads), so this module registers a `wasm` backend factory
 * that runs the glue directly, with the pthread worker script written to a
 * real file (Node workers need a path) and the glue's own path as the script
 * each worker loads.
 *
 * The threaded binary's memory is a SharedArrayBuffer, which is what the
 * project's SIMD kernels need to run on several threads (lib/wasm/simd.ts,
 * lib/wasm/simd-pool.ts): they get all the threads. XNNPACK, which runs the
 * stock kernels left in a training step (element-wise ops, pooling, the
 * dense layer), keeps one thread: its pool's workers spin after each
 * operator on the cores our kernels' workers need. On a 2-core machine
 * (`node bench/train-resnet.js`, ResNet-20, batch 64) XNNPACK on two
 * threads made the step slower, not faster.
 *
 * Kernels are registered per backend name, so the stock kernels and the
 * training kernels apply unchanged.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './heap';

/** Most threads the SIMD kernels may use: the project's cap (the kernel pool starts a worker per thread beyond one). */
export const MAX_WASM_THREADS = 8;

/** The priority tfjs-backend-wasm registers its backend with. */
const WASM_PRIORITY = 2;

const GLUE = 'tfjs-backend-wasm-threaded-simd';

/** The package's wasm-out folder, holding the glue, worker and binary. */
function wasmOut(): string {
  return path.dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${GLUE}.js`));
}

/**
 * Writes the package's pthread worker script to a file named by its content
 * hash (once per content; concurrent writers produce identical files).
 */
function workerScript(dir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the backend's, found at run time
  const { wasmWorkerContents } = require(path.join(dir, `${GLUE}.worker.js`)) as { wasmWorkerContents: string };
  // The package stores it in a template literal, where its `\n` escapes in
  // string literals became real newlines (tfjs re-escapes them the same way).
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `${GLUE}-${hash}.worker.js`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(partial, source);
    fs.renameSync(partial, file);
  }
  return file;
}

/** The subset of the Emscripten module config used here. */
interface ModuleConfig {
  locateFile(file: string): string;
  mainScriptUrlOrBlob: string;
}

/** The Emscripten module, before and after the `tfjs` bridge is added. */
interface GlueModule {
  cwrap(name: string, returns: string | null, args: string[]): unknown;
  /** Emscripten's pthread bookkeeping: the workers running threads. */
  PThread: { runningWorkers: { unref(): void }[] };
}
type WasmModule = BackendWasm['wasm'];

/** Instantiates the threaded module, whose SIMD kernels will use `threads`. */
async function createModule(threads: number): Promise<WasmModule> {
  const dir = wasmOut();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the backend's, found at run time
  const factory = require(path.join(dir, `${GLUE}.js`)) as (config: ModuleConfig) => Promise<GlueModule>;
  const worker = workerScript(dir);
  const module = await factory({
    locateFile: (file) => (file.endsWith('.worker.js') ? worker : path.join(dir, file)),
    mainScriptUrlOrBlob: path.join(dir, `${GLUE}.js`),
  });
  const tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return Object.assign(module, { tfjs, kernelThreads: threads }) as unknown as WasmModule;
}

/** A backend on the threaded module. */
async function createBackend(threads: number): Promise<BackendWasm> {
  const module = await createModule(threads);
  // The constructor starts XNNPACK's pool (none for one thread); pool workers
  // wait for work forever and, left referenced, would keep Node from exiting.
  const backend = new BackendWasm(module);
  for (const worker of (module as unknown as GlueModule).PThread.runningWorkers) worker.unref();
  return backend;
}

/**
 * Makes the next initialisation of the `wasm` backend load the threaded
 * SIMD binary, the project's SIMD kernels running on `threads` threads (1 to
 * {@link MAX_WASM_THREADS}) and XNNPACK on one. Throws if the backend is
 * already initialised.
 */
export function useThreadedWasm(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(`wasm threads must be an integer in 1..${MAX_WASM_THREADS}, got ${threads}`);
  }
  if (tf.engine().registry[WASM] !== undefined) {
    throw new Error('the wasm backend is already initialised; choose its threads before that');
  }
  setThreadsCount(1);
  tf.removeBackend(WASM);
  tf.registerBackend(WASM, () => createBackend(threads), WASM_PRIORITY);
}
