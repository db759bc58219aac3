/**
 * Detecting a run that diverged: a batch loss that is not finite, or that grew past `DIVERGENCE_FACTOR` times the
 * cross-entropy of a uniform guess over the classes, ln(classes). Pure.
 *
 * ln(classes) is what an initialised network scores (its first batch's loss, taken before any update, is that plus
 * a small weight penalty: 2.356 for the `tiny` ResNet on CIFAR-10, against ln 10 = 2.303), and it does not depend on
 * how training went, so a run that blows up in its first updates cannot raise its own bar (the former bar, 1000 × the
 * first epoch's loss, let rate 1000 "finish" with losses near 500). The factor 10 leaves a wide margin above normal
 * training: the workshop's constant rate 0.1 peaked at 1.1 × ln 10 over 1,410 batches, and the `shallow` ResNet at
 * rates 1 and 3 (10 and 30 times the workshop's) peaked at 3.4 and 7.8 × ln 10 without blowing up; rate 1000 reached
 * 200 × at its second batch. On CIFAR-10 the bar, 23.0, is also above what cross-entropy alone can reach (ln 10⁷ =
 * 16.1 with Keras' clipping of probabilities at 10⁻⁷), so a loss past it means the weights themselves (their L2
 * penalty) have blown up.
 */

/** A batch loss above this multiple of the reference loss, ln(classes), counts as divergence. */
export const DIVERGENCE_FACTOR = 10;

/** The reference loss of a run with `classes` classes: the cross-entropy of a uniform guess, ln(classes). */
export function divergenceReference(classes: number): number {
  return Math.log(classes);
}

/** Where and how a run diverged. */
export interface Divergence {
  /** The run's schedule label. */
  schedule: string;
  /** 0-based epoch and batch of the batch update whose loss gave it away. */
  epoch: number;
  batch: number;
  /** Batches per epoch. */
  batches: number;
  loss: number;
  /** The reference loss, ln(classes) (see `divergenceReference`). */
  reference: number;
}

/** Whether a batch loss shows divergence against the reference loss. */
export function diverged(loss: number, reference: number): boolean {
  return !Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * reference;
}

/** The message for a diverged run: the schedule, the epoch and batch (1-based, as printed), the losses, what to do. */
export function divergenceMessage({ schedule, epoch, batch, batches, loss, reference }: Divergence): string {
  const what = Number.isFinite(loss)
    ? `loss ${loss.toPrecision(4)} > ${(DIVERGENCE_FACTOR * reference).toPrecision(4)}, ${DIVERGENCE_FACTOR} × the loss of a uniform guess ` +
      `over the classes (ln(classes) = ${reference.toPrecision(4)}, about where training starts)`
    : `loss ${loss}`;
  return (
    `The '${schedule}' run diverged at epoch ${epoch + 1}, batch ${batch + 1}/${batches}: ${what}. ` +
    'Training stopped; try a lower initial rate (--lr) or a schedule that lowers it sooner.'
  );
}

/** Thrown by the runner when a run diverges; `divergence` says where. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';

  constructor(readonly divergence: Divergence) {
    super(divergenceMessage(divergence));
  }
}
