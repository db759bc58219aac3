import { checkInterval } from '../schedules/validate';

/**
 * The loss curve of a learning-rate finder, smoothed as Smith's finder and the pyimagesearch tutorial do: an
 * exponential moving average with bias correction,
 *
 *     avg_i = β · avg_(i−1) + (1 − β) · loss_i        (avg_(−1) = 0)
 *     smoothed_i = avg_i / (1 − β^(i+1))
 *
 * The correction makes each smoothed value a weighted mean of the losses so far (weights ∝ β^(i−k)): the first is
 * the first loss itself, and a constant loss stays that constant.
 *
 * @example
 * const smoothed = smoothLosses([2, 2, 2, 1]);
 * assert.ok(smoothed.slice(0, 3).every((s) => Math.abs(s - 2) < 1e-12)); // bias-corrected: a constant loss stays that constant
 * assert.ok(smoothed[3]! > 1.7 && smoothed[3]! < 2); // and a single low batch moves it little
 */
export function smoothLosses(losses: readonly number[], beta = 0.98): number[] {
  const smoother = new LossSmoother(beta);
  return losses.map((loss) => smoother.add(loss));
}

/** The same smoothing one loss at a time, as the finder needs it to decide when to stop. */
export class LossSmoother {
  readonly beta: number;
  private avg = 0;
  private count = 0;

  /** β in [0, 1) (0 leaves the losses as they are). */
  constructor(beta = 0.98) {
    this.beta = checkInterval('LossSmoother', 'beta', beta, [0, 1], { hi: true }, "The finder's usual value is 0.98.");
  }

  /** Adds the next loss; returns the smoothed loss so far. */
  add(loss: number): number {
    this.avg = this.beta * this.avg + (1 - this.beta) * loss;
    this.count += 1;
    return this.avg / (1 - this.beta ** this.count);
  }
}
