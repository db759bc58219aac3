/**
 * Multi-threaded XNNPACK for the wasm backend in Node.
 *
 * @tensorflow/tfjs-backend-wasm ships a threaded SIMD binary but never loads
 * it in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there, tfjs#3830),
 * and its loader hands Emscripten blob: URLs, which Node's worker_threads
 * cannot start. The Emscripten glue itself supports Node (it backs pthreads
 * with worker_threads), so this module registers a `wasm` backend factory
 * that runs the glue directly with
 *
 *  - the pthread worker script written to a real file (Node workers need a
 *    path), and the glue's own path as the script each worker loads;
 *  - the wasm instantiated by us, so that the import
 *    `emscripten_num_logical_cores` can report 2 * threads: the backend caps
 *    XNNPACK's thread pool at half the logical cores (it assumes two
 *    hyperthreads per core), which would be 1 on a 2-core machine.
 *
 * Kernels are registered per backend name, so the stock kernels and the
 * training kernels apply unchanged. Every XNNPACK operator (convolutions,
 * pooling, matmul, element-wise ops) then splits its work over the threads.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { WASM } from './heap';

/** Threads the prebuilt binary can use (its Emscripten pthread pool size). */
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

/** The parts of the WebAssembly API used here (not in this project's libs). */
interface Instantiated {
  instance: object;
  module: object;
}
declare const WebAssembly: {
  instantiate(binary: Uint8Array, imports: Record<string, unknown>): Promise<Instantiated>;
};

/** The subset of the Emscripten module config used here. */
interface ModuleConfig {
  locateFile(file: string): string;
  mainScriptUrlOrBlob: string;
  instantiateWasm(imports: Record<string, unknown>, receive: (instance: object, module: object) => void): object;
}

/** The Emscripten module, before and after the `tfjs` bridge is added. */
interface GlueModule {
  cwrap(name: string, returns: string | null, args: string[]): unknown;
  /** Emscripten's pthread bookkeeping: the workers running threads. */
  PThread: { runningWorkers: { unref(): void }[] };
}
type WasmModule = BackendWasm['wasm'];

/** Instantiates the threaded module whose XNNPACK pool may use `threads`. */
async function createModule(threads: number): Promise<WasmModule> {
  const dir = wasmOut();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the backend's, found at run time
  const factory = require(path.join(dir, `${GLUE}.js`)) as (config: ModuleConfig) => Promise<GlueModule>;
  const worker = workerScript(dir);
  const binary = fs.readFileSync(path.join(dir, `${GLUE}.wasm`));
  // Emscripten offers no way to report a failed custom instantiation.
  let fail: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const module = await Promise.race([
    failed,
    factory({
      locateFile: (file) => (file.endsWith('.worker.js') ? worker : path.join(dir, file)),
      mainScriptUrlOrBlob: path.join(dir, `${GLUE}.js`),
      instantiateWasm: (imports, receive) => {
        const env = imports.env as Record<string, unknown>;
        env.emscripten_num_logical_cores = () => 2 * threads;
        WebAssembly.instantiate(binary, imports).then((result) => receive(result.instance, result.module), fail);
        return {};
      },
    }),
  ]);
  const tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return Object.assign(module, { tfjs }) as unknown as WasmModule;
}

/** A backend on the threaded module, its thread pool started. */
async function createBackend(threads: number): Promise<BackendWasm> {
  const module = await createModule(threads);
  // The constructor starts XNNPACK's pool; its workers then wait for work
  // forever and, left referenced, would keep Node from exiting.
  const backend = new BackendWasm(module);
  for (const worker of (module as unknown as GlueModule).PThread.runningWorkers) worker.unref();
  return backend;
}

/**
 * Makes the next initialisation of the `wasm` backend load the threaded
 * SIMD binary with an XNNPACK pool of `threads` threads (1 to
 * {@link MAX_WASM_THREADS}). Throws if the backend is already initialised.
 */
export function useThreadedWasm(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(`wasm threads must be an integer in 1..${MAX_WASM_THREADS}, got ${threads}`);
  }
  if (tf.engine().registry[WASM] !== undefined) {
    throw new Error('the wasm backend is already initialised; choose its threads before that');
  }
  setThreadsCount(threads);
  tf.removeBackend(WASM);
  tf.registerBackend(WASM, () => createBackend(threads), WASM_PRIORITY);
}
