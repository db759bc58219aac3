/**
 * Worker threads that run the SIMD kernels on the threaded wasm backend's
 * shared memory, so that one kernel call can use every core.
 *
 * Each worker instantiates the same kernel binary on the same
 * `WebAssembly.Memory` and waits on its own control block
 * (`Int32Array` over a SharedArrayBuffer: sequence number, kernel, argument
 * count, finished count, failure flag). A call writes the arguments, bumps
 * the sequence number and notifies; the caller runs its own share meanwhile
 * and then waits for every worker's finished count.
 *
 * Both sides spin on the control block for up to {@link SPIN_MS} before they
 * sleep in `Atomics.wait`: a training step calls some 300 kernels, often
 * less than a millisecond apart, and waking a sleeping thread took 50-250 µs
 * each way on our 2-core machines, 10 % of a ResNet-20 step. Kernel calls
 * are synchronous (tfjs kernels are), and the workers are unreferenced, so
 * an idle pool sleeps after {@link SPIN_MS} and never keeps Node alive.
 */
import { Worker } from 'node:worker_threads';

/** Control block slots. */
const SEQ = 0;
const KERNEL = 1;
const ARGC = 2;
const DONE = 3;
const FAILED = 4;
const CONTROL_SLOTS = 5;
/** Most arguments a kernel takes. */
const MAX_ARGS = 32;
/** Milliseconds a thread spins on the control block before it sleeps. */
export const SPIN_MS = 20;

/**
 * The worker: instantiate, then run kernels on request forever. Any failure,
 * including one to instantiate, is reported through the failure flag of the
 * job it affects, so the caller never waits for a job that cannot finish.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, module, names, control, args } = workerData;
const ctrl = new Int32Array(control);
const params = new Float64Array(args);
let kernels = null;
try {
  kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
} catch (err) {
  kernels = null;
}
let seen = 0;
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(ctrl, ${SEQ}) === seen && performance.now() < until);
  // A loop: a caller's notify can come late, after this thread already saw and ran that job.
  while (Atomics.load(ctrl, ${SEQ}) === seen) Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  try {
    kernels[names[ctrl[${KERNEL}]]](...params.subarray(0, ctrl[${ARGC}]));
  } catch (err) {
    Atomics.store(ctrl, ${FAILED}, 1);
  }
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

interface Slot {
  ctrl: Int32Array;
  params: Float64Array;
}

/** A pool of `size` workers running kernels of `binary` on `memory`. */
export class KernelPool {
  private readonly slots: Slot[];

  /**
   * `module`: the compiled kernels, shared with the workers so that their
   * code tiers up with this thread's (V8 compiles a module once for all
   * threads; a worker compiling its own copy stays on baseline code while
   * it blocks in Atomics.wait). `names`: the kernels callable through the
   * pool, by index.
   */
  constructor(
    memory: object,
    module: object,
    private readonly names: readonly string[],
    size: number,
  ) {
    this.slots = Array.from({ length: size }, () => {
      const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
      const args = new SharedArrayBuffer(MAX_ARGS * 8);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, module, names, control, args } });
      worker.unref();
      return { ctrl: new Int32Array(control), params: new Float64Array(args) };
    });
  }

  /** Workers in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Runs `name(...calls[i + 1])` on worker i and `local(calls[0])` on this
   * thread, and returns when all have finished. Throws if a worker's kernel
   * failed (after all have finished, so no call still writes memory).
   */
  run(name: string, calls: readonly number[][], local: (args: number[]) => void): void {
    if (calls.length > this.slots.length + 1)
      throw new Error(`${calls.length} calls for ${this.slots.length + 1} threads`);
    const kernel = this.names.indexOf(name);
    if (kernel < 0) throw new Error(`kernel ${name} is not in the pool`);
    if (calls.some((args) => args.length > MAX_ARGS))
      throw new Error(`kernel ${name}: more than ${MAX_ARGS} arguments`);
    const started: [Slot, number][] = [];
    calls.slice(1).forEach((args, i) => {
      const slot = this.slots[i]!;
      slot.params.set(args);
      slot.ctrl[KERNEL] = kernel;
      slot.ctrl[ARGC] = args.length;
      Atomics.store(slot.ctrl, FAILED, 0);
      started.push([slot, Atomics.load(slot.ctrl, DONE)]);
      Atomics.add(slot.ctrl, SEQ, 1);
      Atomics.notify(slot.ctrl, SEQ);
    });
    let failure: unknown = null;
    try {
      if (calls[0] !== undefined) local(calls[0]);
    } catch (err) {
      failure = err;
    }
    for (const [slot, done] of started) {
      const until = performance.now() + SPIN_MS;
      while (Atomics.load(slot.ctrl, DONE) === done && performance.now() < until);
      while (Atomics.load(slot.ctrl, DONE) === done) Atomics.wait(slot.ctrl, DONE, done);
      if (Atomics.load(slot.ctrl, FAILED) !== 0 && failure === null) {
        failure = new Error(`SIMD kernel ${name} failed on a worker thread`);
      }
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- what this thread's kernel threw, thrown again
    if (failure !== null) throw failure;
  }
}
