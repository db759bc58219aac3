/**
 * Stopping long library calls (the learning-rate finder, `trainToy`) part way, cleanly: they take an
 * `AbortSignal`, let the event loop turn after every batch — the only moment a signal handler, such as the
 * notebook kernel's interrupt, can run — and, once it is aborted, put things back and reject with an
 * `InterruptedError`.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelInterrupt } from './notebook/kernel-interrupt';

/** Thrown by a long call stopped by its signal; the message says where it stopped and what it put back. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/**
 * Resolves after the event loop's next turn (timers, I/O and signal handlers run), like `setImmediate`.
 *
 * @example
 * let handled = false;
 * setImmediate(() => { handled = true; }); // e.g. an output message, or the kernel's interrupt
 * await nextMacrotask();
 * assert.ok(handled);
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `signal`, joined in the tslab kernel by the kernel's interrupt (`kernelInterrupt`): either one stops the call. */
export function withKernelInterrupt(signal?: AbortSignal): AbortSignal | undefined {
  const kernel = kernelInterrupt();
  if (kernel === undefined || signal === undefined) return signal ?? kernel;
  return AbortSignal.any([signal, kernel]);
}

/**
 * A `model.fit` callback that lets the event loop turn after every batch and stops training after the batch
 * during which its signal was aborted — `signal`, joined in the tslab kernel by the kernel's interrupt (see
 * `withKernelInterrupt`), read when training begins. It stops with `model.stopTraining`, so that `fit` ends
 * normally and frees what it holds (a callback that throws leaks the batch's tensors): check `stopped` afterwards.
 */
export class InterruptCallback extends tf.Callback {
  /** Once stopped: where, e.g. "interrupted after batch 3 of epoch 2/5". */
  stopped: string | undefined;
  /** The epoch under way. */
  protected epoch = 0;
  private active: AbortSignal | undefined;

  constructor(private readonly signal?: AbortSignal) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    this.active = withKernelInterrupt(this.signal);
    this.stopped = undefined;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number): Promise<void> {
    await nextMacrotask();
    if (this.active?.aborted !== true || this.stopped !== undefined) return;
    this.stopped = `interrupted after batch ${batch + 1} of epoch ${this.epoch + 1}/${String(this.params['epochs'])}`;
    this.model.stopTraining = true;
  }
}
