/**
 * Ctrl-C (SIGINT) in the training commands: catching it, saying where a run stopped and what resumes it.
 */
import type { RunEvent } from '../train';

/** `args` as words for a POSIX shell, quoted where needed. */
export function shellWords(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The command that repeats this one: `npm run <script> -- <args>`. */
export function resumeCommand(script: string, args: readonly string[]): string {
  return `npm run ${script}${args.length > 0 ? ` -- ${shellWords(args)}` : ''}`;
}

/**
 * Calls `handler` with the count so far on every SIGINT, in place of Node's default of ending the process at once.
 * Returns the function that removes it.
 */
export function onSigint(handler: (count: number) => void): () => void {
  let count = 0;
  const listener = (): void => handler(++count);
  process.on('SIGINT', listener);
  return () => {
    process.off('SIGINT', listener);
  };
}

/** Follows a run's events (`runExperiment`'s `onEvent`) to say where it stopped. */
export class StopPoint {
  private schedule = '';
  private epochs = 0;
  private batches = 0;
  /** Epochs finished and checkpointed. */
  private saved = 0;
  /** The epoch under way, and its batches done. */
  private current: { epoch: number; done: number } | null = null;

  follow(event: RunEvent): void {
    switch (event.kind) {
      case 'start':
        ({ schedule: this.schedule, epochs: this.epochs, batches: this.batches, epoch: this.saved } = event);
        break;
      case 'epoch-begin':
        this.current = { epoch: event.epoch, done: 0 };
        break;
      case 'batch':
        this.current = { epoch: event.epoch, done: event.batch + 1 };
        break;
      case 'epoch-end':
        this.saved = event.epoch + 1;
        this.current = null;
        break;
    }
  }

  /**
   * Where the run stopped and what its folder `dir` keeps, e.g. "during epoch 3/5 (batch 120/282) of the 'linear'
   * run; epochs 1–2 are saved in output/train/linear".
   */
  describe(dir: string): string {
    if (this.epochs === 0) return `before training started (${dir} is as it was)`;
    const where =
      this.current !== null
        ? `during epoch ${this.current.epoch + 1}/${this.epochs} (batch ${this.current.done}/${this.batches})`
        : this.saved > 0
          ? `after epoch ${this.saved}/${this.epochs}`
          : `before epoch 1/${this.epochs}`;
    const kept =
      this.saved === 0
        ? `no epoch is saved yet in ${dir}`
        : `${this.saved === 1 ? 'epoch 1 is' : `epochs 1–${this.saved} are`} saved in ${dir}`;
    return `${where} of the '${this.schedule}' run; ${kept}`;
  }
}
