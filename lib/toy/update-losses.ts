import * as tf from '@tensorflow/tfjs';
import { resolveLogs, type UnresolvedLogs } from '../tfjs/logs';

/** One batch update of a toy run (see `ToyRunOptions.recordUpdates`). */
export interface UpdateLoss {
  /** The epoch, 0-based. */
  epoch: number;
  /** The batch within the epoch, 0-based. */
  batch: number;
  /** Points in the batch (the last batch of an epoch may be smaller). */
  size: number;
  /** The batch's loss before its own update: what Keras averages, weighted by size, into the epoch's `loss`. */
  before: number;
  /** The same batch's loss after the update. */
  after: number;
  /** The loss on all points after the update. */
  all: number;
}

/**
 * Records, after every batch update of a `fit` without shuffling, the batch's loss before and after the update and
 * the loss on all the data, so that one can see how the weights move within an epoch. Each record evaluates the
 * model twice.
 */
export class UpdateLosses extends tf.Callback {
  readonly records: UpdateLoss[] = [];
  private epoch = 0;

  /** Records the updates of epochs `fromEpoch` (0-based) onwards. */
  constructor(
    private readonly xs: tf.Tensor2D,
    private readonly ys: tf.Tensor2D,
    private readonly batchSize: number,
    private readonly fromEpoch = 0,
  ) {
    super();
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: UnresolvedLogs): Promise<void> {
    if (this.epoch < this.fromEpoch) return;
    const { loss } = await resolveLogs(logs);
    if (loss === undefined)
      throw new Error('UpdateLosses: the batch logs have no loss; compile the model with a loss.');
    const start = batch * this.batchSize;
    const size = Math.min(this.batchSize, this.xs.shape[0] - start);
    const xb = this.xs.slice([start, 0], [size, -1]);
    const yb = this.ys.slice([start, 0], [size, -1]);
    try {
      const after = await modelLoss(this.model, xb, yb);
      const all = await modelLoss(this.model, this.xs, this.ys);
      this.records.push({ epoch: this.epoch, batch, size, before: loss, after, all });
    } finally {
      tf.dispose([xb, yb]);
    }
  }
}

/** The compiled loss of `model` on `xs`, `ys` (evaluated in batches of 1024). */
export async function modelLoss(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): Promise<number> {
  const result = model.evaluate(xs, ys, { batchSize: 1024 });
  const loss = Array.isArray(result) ? result[0]! : result;
  try {
    return (await loss.data())[0]!;
  } finally {
    tf.dispose(result);
  }
}
