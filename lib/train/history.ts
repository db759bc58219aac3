/** A run's history: one value per finished epoch in each list, Keras' `History.history` plus rate and time. */
export interface RunHistory {
  /** Mean training loss over the epoch's batches (cross-entropy plus the weight penalty, as Keras reports it). */
  loss: number[];
  /** Mean training accuracy over the epoch's batches. */
  acc: number[];
  /** Test-set loss after the epoch (cross-entropy plus the weight penalty, as Keras' `evaluate`). */
  val_loss: number[];
  /** Test-set accuracy after the epoch. */
  val_acc: number[];
  /** The rate in force at the end of the epoch. */
  lr: number[];
  /** Wall-clock seconds of the epoch, training and evaluation (not a wait for the sweep's turn before it). */
  seconds: number[];
}

/** One epoch's entry of a `RunHistory`. */
export type EpochEntry = { [K in keyof RunHistory]: number };

/**
 * A history with no epochs.
 *
 * @example
 * const history = emptyHistory();
 * assert.deepEqual(Object.keys(history), ['loss', 'acc', 'val_loss', 'val_acc', 'lr', 'seconds']);
 * assert.equal(history.loss.length, 0);
 */
export function emptyHistory(): RunHistory {
  return { loss: [], acc: [], val_loss: [], val_acc: [], lr: [], seconds: [] };
}

/**
 * A copy of `history` with `entry` appended.
 *
 * @example
 * const history = appendEpoch(emptyHistory(), { loss: 2.1, acc: 0.3, val_loss: 1.9, val_acc: 0.35, lr: 0.1, seconds: 12 });
 * assert.deepEqual(history.val_acc, [0.35]);
 */
export function appendEpoch(history: RunHistory, entry: EpochEntry): RunHistory {
  const next = emptyHistory();
  for (const key of Object.keys(next) as (keyof RunHistory)[]) next[key] = [...history[key], entry[key]];
  return next;
}
