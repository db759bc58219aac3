/**
 * The tslab kernel the notebooks run in: recognising it, and fixing two things in how it talks to the notebook.
 */
import { sendKernelOutputAtOnce } from './kernel-output';
import { keepBusyWhileCellsRun } from './kernel-status';

/** Whether this code runs inside the tslab Jupyter kernel (its executor sets `__tslab__` before any cell runs). */
export function inTslabKernel(): boolean {
  return '__tslab__' in globalThis;
}

/**
 * In the tslab kernel, makes outputs leave at once (`sendKernelOutputAtOnce`) and the busy/idle indicator follow
 * the cells (`keepBusyWhileCellsRun`); elsewhere does nothing. Runs when the library's notebook helpers load.
 */
export function fixTslabKernel(): void {
  if (!inTslabKernel()) return;
  sendKernelOutputAtOnce();
  keepBusyWhileCellsRun();
}
