/**
 * Turns: at most `slots` holders at a time, served first come, first served. The sweep gives its runs turns of
 * one epoch each, so that five runs on two cores compute two at a time, in rotation, instead of all five at once
 * with the operating system slicing the cores among them (which evicts each core's caches every few
 * milliseconds). Pure bookkeeping: the caller decides what a holder is and how it is told.
 */
import { checkIntegerFrom } from '../schedules/validate';

/**
 * A first-come, first-served counting semaphore over holders of type `H`.
 *
 * @example
 * const granted: string[] = [];
 * const turns = new Turns<string>(2, (holder) => granted.push(holder));
 * turns.request('a'); turns.request('b'); turns.request('c');
 * assert.deepEqual(granted, ['a', 'b']); // 'c' waits for a free slot
 * turns.release('a');
 * assert.deepEqual(granted, ['a', 'b', 'c']);
 * turns.request('a'); // back in the queue, behind nobody: it waits for 'b' or 'c'
 * turns.forget('b'); // 'b' is gone (its process ended): its slot goes to 'a'
 * assert.deepEqual(granted, ['a', 'b', 'c', 'a']);
 */
export class Turns<H> {
  private readonly holding = new Set<H>();
  private readonly queue: H[] = [];

  /** `grant(holder)` is called when `holder` gets a turn. */
  constructor(
    readonly slots: number,
    private readonly grant: (holder: H) => void,
  ) {
    checkIntegerFrom('Turns', 'slots', slots, 1);
  }

  /** Asks for a turn for `holder`; it is granted at once when a slot is free, else in the order asked. */
  request(holder: H): void {
    if (this.holding.has(holder) || this.queue.includes(holder)) {
      throw new Error('Turns.request: this holder already has or awaits a turn; release it first.');
    }
    this.queue.push(holder);
    this.serve();
  }

  /** Ends `holder`'s turn; the slot goes to the first in the queue. */
  release(holder: H): void {
    if (!this.holding.delete(holder)) throw new Error('Turns.release: this holder has no turn.');
    this.serve();
  }

  /** Drops `holder` wherever it is (its turn, or its place in the queue): for a holder that went away. */
  forget(holder: H): void {
    const index = this.queue.indexOf(holder);
    if (index >= 0) this.queue.splice(index, 1);
    this.holding.delete(holder);
    this.serve();
  }

  /** How many hold a turn now. */
  get active(): number {
    return this.holding.size;
  }

  private serve(): void {
    while (this.holding.size < this.slots && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.holding.add(next);
      this.grant(next);
    }
  }
}
