import { inTslabKernel } from './kernel';

let current: AbortController | undefined;

/** Aborts the signals handed out so far; later calls of `kernelInterrupt` get a fresh one. */
function interrupted(): void {
  const signals = current!;
  current = new AbortController();
  signals.abort(new Error('the kernel was interrupted'));
}

/**
 * In the tslab notebook kernel, a signal that aborts at the kernel's next interrupt (Kernel → Interrupt sends the
 * kernel process a SIGINT); undefined elsewhere, where a script handles Ctrl-C itself.
 *
 * tslab answers an interrupt by ending the cell at once, but a library call it was awaiting goes on in the
 * background unless it listens. The runner, the finder and `trainToy` listen to it without being told (see
 * `withKernelInterrupt`); pass it to a long call of your own. An interrupt aborts the signals handed out before
 * it; ask for one in the cell that starts the call.
 *
 * @example
 * // A loop of one's own that Kernel → Interrupt stops (the runner, the finder and trainToy do this by themselves):
 * const signal = kernelInterrupt(); // ask in the cell that starts the loop
 * let steps = 0;
 * while (steps < 100 && !signal?.aborted) {
 *   steps++;
 *   await nextMacrotask(); // let the interrupt's handler run
 * }
 * assert.equal(signal, undefined); // outside the tslab kernel there is no such signal: a script handles Ctrl-C itself
 * assert.equal(steps, 100);
 */
export function kernelInterrupt(): AbortSignal | undefined {
  if (!inTslabKernel()) return undefined;
  if (current === undefined) {
    current = new AbortController();
    // Not now: tslab runs a cell's synchronous part with `breakOnSigint`, and a SIGINT listener added meanwhile
    // does not survive it — the next interrupt would end the kernel process. A microtask runs after that part.
    queueMicrotask(() => process.on('SIGINT', interrupted));
  }
  return current.signal;
}
