/**
 * Chooses the TensorFlow.js backend once, explicitly, and says why.
 *
 * Order: the `TFJS_BACKEND` environment variable (`wasm`, `cpu` or
 * `tensorflow`) when set; otherwise `@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node` (native TensorFlow) when installed and loadable;
 * otherwise wasm with this project's training kernels registered. The pure-JS
 * `cpu` backend is only used when asked for: it is far too slow to train.
 *
 * wasm runs the project's SIMD kernels on `TFJS_WASM_THREADS` threads
 * (default: one per CPU core, at most 8) with the threaded SIMD binary, and
 * XNNPACK's stock kernels on one (see lib/wasm/threaded.ts and
 * lib/wasm/simd.ts);
 * `TFJS_WASM_THREADS=1` keeps the stock single-threaded binary, which is
 * the better choice when other processes keep the cores busy (every
 * threaded kernel then waits for its slowest thread). `TFJS_WASM_WINOGRAD`
 * (`auto`, the default, `always` or `off`) says when 3x3 stride-1
 * convolutions use Winograd's algorithm (lib/wasm/winograd.ts).
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../wasm';
import { simdKernels } from '../wasm/simd';
import { MAX_WASM_THREADS, useThreadedWasm } from '../wasm/threaded';
import { setWinograd, winogradModeFromEnv } from '../wasm/winograd';

export {
  setWinograd,
  setWinogradTile,
  type WinogradMode,
  winogradMode,
  type WinogradTile,
  winogradTile,
} from '../wasm/winograd';

/** Backends the chooser can select. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} chose and why. */
export interface BackendReport {
  /** The active tfjs backend. */
  backend: BackendName;
  /** The package providing it. */
  provider: string;
  /** Why it was chosen and why faster ones were not. */
  reason: string;
  /** One line summarising the choice, as printed. */
  line: string;
}

/** Options for {@link initBackend}. */
export interface InitOptions {
  /** Environment to read `TFJS_BACKEND` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where the one-line summary goes (default `console.log`; null: nowhere). */
  log?: ((line: string) => void) | null;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** Why a native package could not be used, or null when it loaded. */
function loadNative(pkg: string): string | null {
  try {
    require.resolve(pkg);
  } catch {
    return `${pkg} is not installed`;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional package, loaded only when installed
    require(pkg);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return `${pkg} failed to load (${message})`;
  }
}

/** Activates `name`, throwing when tfjs cannot initialise it. */
async function activate(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new Error(`tfjs could not initialise the ${name} backend`);
  }
  await tf.ready();
}

/** Threads for wasm: TFJS_WASM_THREADS, else one per core (capped). */
function wasmThreads(env: NodeJS.ProcessEnv): number {
  const requested = env.TFJS_WASM_THREADS?.trim();
  if (requested === undefined || requested === '') {
    return Math.min(os.cpus().length, MAX_WASM_THREADS);
  }
  const threads = Number(requested);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(`TFJS_WASM_THREADS=${requested} is not an integer in 1..${MAX_WASM_THREADS}`);
  }
  return threads;
}

async function useWasm(reason: string, env: NodeJS.ProcessEnv): Promise<Omit<BackendReport, 'line'>> {
  const threads = wasmThreads(env);
  const winograd = winogradModeFromEnv(env);
  const kernels = registerTrainingKernels();
  setWinograd(winograd);
  const fresh = tf.engine().registry.wasm === undefined;
  if (threads > 1 && fresh) useThreadedWasm(threads);
  await activate('wasm');
  const threading =
    threads > 1 && fresh ? `${threads} threads` : fresh ? '1 thread' : 'already initialised, threads unchanged';
  return {
    backend: 'wasm',
    provider: '@tensorflow/tfjs-backend-wasm',
    reason: `${reason}; ${threading}; Winograd ${winograd}; training kernels registered: ${kernels.join(', ')}`,
  };
}

async function useNative(requested: boolean): Promise<Omit<BackendReport, 'line'> | string[]> {
  const failures: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    const failure = loadNative(pkg);
    if (failure === null) {
      await activate('tensorflow');
      return {
        backend: 'tensorflow',
        provider: pkg,
        reason: requested ? 'TFJS_BACKEND=tensorflow' : 'native TensorFlow is available',
      };
    }
    failures.push(failure);
  }
  return failures;
}

async function choose(env: NodeJS.ProcessEnv): Promise<Omit<BackendReport, 'line'>> {
  const requested = env.TFJS_BACKEND?.trim().toLowerCase();
  switch (requested) {
    case undefined:
    case '': {
      const native = await useNative(false);
      if (!Array.isArray(native)) return native;
      return useWasm(`no native TensorFlow: ${native.join('; ')}`, env);
    }
    case 'tensorflow': {
      const native = await useNative(true);
      if (!Array.isArray(native)) return native;
      throw new Error(`TFJS_BACKEND=tensorflow but ${native.join('; ')}`);
    }
    case 'wasm':
      return useWasm('TFJS_BACKEND=wasm', env);
    case 'cpu':
      await activate('cpu');
      return {
        backend: 'cpu',
        provider: '@tensorflow/tfjs (pure JS)',
        reason: 'TFJS_BACKEND=cpu; native TensorFlow and wasm were not tried',
      };
    default:
      throw new Error(`TFJS_BACKEND=${requested} is not one of wasm, cpu, tensorflow`);
  }
}

let chosen: Promise<BackendReport> | null = null;

/**
 * Chooses and activates the backend on the first call; later calls return
 * the same report without choosing again.
 *
 * @example
 * const report = await initBackend({ env: { TFJS_BACKEND: 'cpu' }, log: null }); // default: process.env, console.log
 * assert.equal(report.backend, 'cpu');
 * assert.equal(tf.getBackend(), 'cpu');
 * assert.equal(await initBackend(), report); // chosen once per process
 */
export function initBackend(options: InitOptions = {}): Promise<BackendReport> {
  if (chosen === null) {
    const log = options.log === undefined ? console.log : options.log;
    chosen = choose(options.env ?? process.env).then((choice) => {
      const line = `tfjs backend: ${choice.backend} (${choice.provider}) - ${choice.reason}`;
      log?.(line);
      return { ...choice, line };
    });
    chosen.catch(() => {
      chosen = null;
    });
  }
  return chosen;
}

/**
 * Threads the active backend's training kernels run on: on wasm, those of the project's SIMD kernels (1 unless
 * threaded); 1 on the cpu backend; null on native TensorFlow, which manages its own threads.
 *
 * @example
 * await initBackend({ env: { TFJS_BACKEND: 'cpu' }, log: null });
 * assert.equal(kernelThreads(), 1);
 */
export function kernelThreads(): number | null {
  switch (tf.getBackend()) {
    case 'wasm':
      return simdKernels(tf.backend() as BackendWasm).threads;
    case 'tensorflow':
      return null;
    default:
      return 1;
  }
}
