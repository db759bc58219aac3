/**
 * Detecting a run that diverged: a batch loss that is not finite, or that grew past `DIVERGENCE_FACTOR` times the
 * loss of the first epoch. Pure.
 */

/** A batch loss above this multiple of the reference loss counts as divergence. */
export const DIVERGENCE_FACTOR = 1e3;

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
  /** The first epoch's loss (its first batch's while the first epoch runs). */
  reference: number;
}

/** Whether a batch loss shows divergence against the reference loss. */
export function diverged(loss: number, reference: number): boolean {
  return !Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * reference;
}

/** The message for a diverged run: the schedule, the epoch and batch (1-based, as printed), the losses, what to do. */
export function divergenceMessage({ schedule, epoch, batch, batches, loss, reference }: Divergence): string {
  const what = Number.isFinite(loss) ? `loss ${loss.toPrecision(4)} > ${DIVERGENCE_FACTOR} × the first epoch's ${reference.toPrecision(4)}`
    : `loss ${loss}`;
  return `The '${schedule}' run diverged at epoch ${epoch + 1}, batch ${batch + 1}/${batches}: ${what}. `
    + 'Training stopped; try a lower initial rate (--lr) or a schedule that lowers it sooner.';
}

/** Thrown by the runner when a run diverges; `divergence` says where. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';

  constructor(readonly divergence: Divergence) {
    super(divergenceMessage(divergence));
  }
}
