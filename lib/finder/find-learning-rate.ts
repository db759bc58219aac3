import * as tf from '@tensorflow/tfjs';
import { InterruptedError, nextMacrotask, withKernelInterrupt } from '../interrupt';
import { iterationsPerEpoch } from '../schedules/iterations';
import { checkAbove, checkIntegerFrom, checkPositive, checkPositiveInteger, checkThat } from '../schedules/validate';
import { optimizerOf, setLearningRate } from '../tfjs/learning-rate';
import { fmt } from './format';
import { LossSmoother } from './smoothing';
import { checkSuggestOptions, type LrSuggestion, suggestBounds, type SuggestOptions } from './suggest';
import { saveTrainingState } from './training-state';

export interface LrFinderOptions {
  /** The first rate tried, > 0. */
  startLr: number;
  /** The last rate tried, > startLr. */
  endLr: number;
  /** Samples per batch update, an integer > 0 (default 32, as model.fit). */
  batchSize?: number;
  /** Batch updates in the sweep, an integer ≥ 2. Give this or `epochs`. */
  iterations?: number;
  /** The sweep's length in passes over the data, > 0 (0.5, 3, …): ⌈epochs · batches per epoch⌉ updates. */
  epochs?: number;
  /** β of the loss' moving average, in [0, 1) (default 0.98). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this many times the best one so far, > 1 (default 4). */
  stopFactor?: number;
  /** Options of the bounds' rule (see `suggestBounds`; `warmup` defaults to β / (1 − β) here). */
  suggest?: SuggestOptions;
  /** Called after every update, e.g. with a notebook's progress bar (`finderProgress`). */
  onProgress?: (progress: FinderProgress) => void;
  /**
   * Aborting it stops the sweep after the current update: the model is put back as it was, then the call rejects
   * with an `InterruptedError`. In the tslab notebook kernel, the kernel's interrupt does the same.
   */
  signal?: AbortSignal;
}

/** Where a sweep is, after each update. */
export interface FinderProgress {
  /** Updates made so far, 1 … iterations. */
  done: number;
  /** Updates planned. */
  iterations: number;
  /** The last update's rate, its batch's loss and the smoothed loss. */
  lr: number;
  loss: number;
  smoothed: number;
  /** On the last call only: how the sweep ended, in one sentence (`FinderStop.message`, or the interruption). */
  ended?: string;
}

/** Why and where the sweep ended. */
export interface FinderStop {
  /** 'completed': all rates tried; 'diverged': smoothed loss > stopFactor × best; 'not-finite': NaN or ±Infinity. */
  reason: 'completed' | 'diverged' | 'not-finite';
  /** The index of the last update made (and recorded). */
  iteration: number;
  /** Its rate. */
  lr: number;
  /** One sentence with the numbers. */
  message: string;
}

export interface LrFinderResult {
  /** The rate of each update made. */
  lrs: number[];
  /** The loss of each update's batch, as computed before the update (as model.fit logs it). */
  losses: number[];
  /** The losses smoothed (see `smoothLosses`). */
  smoothed: number[];
  /** The rate of the lowest smoothed loss. */
  bestLr: number;
  /** The updates planned: lrs.length when the sweep completed. */
  iterations: number;
  stoppedAt: FinderStop;
  /** Bounds for CyclicLR's baseLr and maxLr (see `suggestBounds`), or why the curve shows none. */
  suggestion: LrSuggestion;
  /** Whether the optimizer's state was restored too (false for tfjs' adamax, which cannot save it). */
  optimizerStateRestored: boolean;
}

/**
 * The rates of a finder's sweep: `iterations` rates growing geometrically from `startLr` to `endLr`,
 *
 *     lr_i = startLr · (endLr / startLr)^(i / (iterations − 1)),   i = 0 … iterations − 1
 *
 * (the tutorial multiplies by (endLr / startLr)^(1 / iterations) after each update, stopping one factor short of
 * endLr; here the last update uses endLr).
 *
 * @example
 * const rates = finderRates(1e-4, 1, 5);
 * assert.deepEqual(rates.map((r) => r.toExponential(0)), ['1e-4', '1e-3', '1e-2', '1e-1', '1e+0']);
 */
export function finderRates(startLr: number, endLr: number, iterations: number): number[] {
  checkRange('finderRates', startLr, endLr);
  checkIntegerFrom('finderRates', 'iterations', iterations, 2, SWEEP_ENDS);
  return Array.from({ length: iterations }, (_, i) => startLr * (endLr / startLr) ** (i / (iterations - 1)));
}

/**
 * The learning-rate finder of Smith ("Cyclical learning rates for training neural networks", 2017) as the
 * pyimagesearch tutorial "Keras learning rate finder" runs it: train on batch after batch while the rate grows
 * geometrically from `startLr` to `endLr` (see `finderRates`), record each batch's loss, smooth it (see
 * `smoothLosses`), and stop when the smoothed loss exceeds `stopFactor` (4) × the best smoothed loss so far, or is
 * not finite. Then the model is put back as it was, bitwise: its weights, the optimizer's rate and, where the
 * optimizer can save it, its state (see `saveTrainingState`) — also when the sweep stops early or fails.
 *
 * Works for any compiled LayersModel with any tfjs optimizer (or `KerasSGD`, whose legacy decay, if any, still
 * applies on top of the swept rate). Batches are taken in order, wrapping around the data like epochs of
 * `model.fit` with `shuffle: false` (the last batch of each pass may be smaller); shuffle the data first if it is
 * sorted.
 *
 * It trains with `model.trainOnBatch` rather than `model.fit` and a callback: one call is exactly one update at
 * the rate just set, it returns that batch's loss, and the sweep stops right after the update that diverged,
 * whatever the number of updates per epoch — with no `History`, epoch bookkeeping or `stopTraining` flag to undo.
 *
 * Use enough iterations (a few hundred): the moving average lags by about β / (1 − β) = 49 updates, which should
 * be a small part of the sweep. The losses should be ≥ 0, as the stopping rule compares with a multiple of the best.
 *
 * After every update the event loop gets a turn (for output messages and signal handlers, such as the notebook
 * kernel's interrupt), then `signal` is checked: see `LrFinderOptions.signal`.
 *
 * @example
 * const toy = toyProblem({ hidden: 16 }); // the spirals MLP: 300 points, 3 classes
 * toy.model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
 * const before = toy.model.getWeights()[0]!.dataSync().slice();
 * const found = await findLearningRate(toy.model, toy.xs, toy.ys, { startLr: 1e-4, endLr: 10, iterations: 200, batchSize: 32 });
 * console.log(found.stoppedAt.message, describeSuggestion(found.suggestion));
 * assert.equal(found.lrs[0], 1e-4);
 * assert.deepEqual(toy.model.getWeights()[0]!.dataSync(), before); // the weights are put back
 * toy.dispose();
 */
export async function findLearningRate(
  model: tf.LayersModel,
  xs: tf.Tensor | tf.Tensor[],
  ys: tf.Tensor | tf.Tensor[],
  options: LrFinderOptions,
): Promise<LrFinderResult> {
  const { startLr, endLr, batchSize = 32, beta = 0.98, stopFactor = 4, onProgress } = options;
  const optimizer = optimizerOf(model, 'findLearningRate');
  checkRange('findLearningRate', startLr, endLr);
  checkPositiveInteger('findLearningRate', 'batchSize', batchSize);
  checkAbove('findLearningRate', 'stopFactor', stopFactor, 1, 'The tutorial uses 4.');
  checkSuggestOptions(options.suggest);
  const smoother = new LossSmoother(beta);
  const samples = sampleCount(xs, ys);
  const perEpoch = iterationsPerEpoch(samples, batchSize);
  const lrs = finderRates(startLr, endLr, plannedIterations(options, perEpoch));

  const signal = withKernelInterrupt(options.signal);
  const state = await saveTrainingState(model);
  const losses: number[] = [];
  const smoothed: number[] = [];
  let best = Infinity;
  let stoppedAt: FinderStop | undefined;
  try {
    for (let i = 0; i < lrs.length && !stoppedAt; i++) {
      const lr = lrs[i]!;
      setLearningRate(optimizer, lr);
      const start = (i % perEpoch) * batchSize;
      const loss = await trainOnRows(model, xs, ys, start, Math.min(batchSize, samples - start));
      const s = smoother.add(loss);
      losses.push(loss);
      smoothed.push(s);
      if (i === 0 && !Number.isFinite(loss)) {
        throw new Error(
          `findLearningRate: the first batch's loss is ${loss}, before any update: the rate is not the cause. ` +
            'Check the model, the data and the loss.',
        );
      }
      if (!Number.isFinite(s)) {
        stoppedAt = {
          reason: 'not-finite',
          iteration: i,
          lr,
          message: `the loss became ${loss} at lr = ${fmt(lr)} (update ${i}).`,
        };
      } else if (s > stopFactor * best) {
        stoppedAt = {
          reason: 'diverged',
          iteration: i,
          lr,
          message: `the smoothed loss ${fmt(s)} exceeded ${stopFactor} × its best ${fmt(best)} at lr = ${fmt(lr)} (update ${i}).`,
        };
      }
      if (Number.isFinite(s)) best = Math.min(best, s);
      const progress = { done: i + 1, iterations: lrs.length, lr, loss, smoothed: s };
      const last = stoppedAt !== undefined || i === lrs.length - 1;
      onProgress?.(last ? { ...progress, ended: stoppedAt?.message ?? completed(lrs).message } : progress);
      await nextMacrotask();
      if (signal?.aborted === true) {
        const restored = state.optimizerState ? 'weights, rate and optimizer state' : 'weights and rate';
        const message = `interrupted after ${i + 1} of ${lrs.length} updates (lr = ${fmt(lr)}); the model's ${restored} are put back.`;
        onProgress?.({ ...progress, ended: message });
        throw new InterruptedError(`findLearningRate: ${message}`);
      }
    }
  } finally {
    await state.restore();
  }
  stoppedAt ??= completed(lrs);
  const tried = lrs.slice(0, smoothed.length);
  return {
    lrs: tried,
    losses,
    smoothed,
    bestLr: tried[smoothed.indexOf(best)]!,
    iterations: lrs.length,
    stoppedAt,
    suggestion: suggestBounds(tried, smoothed, { warmup: Math.floor(beta / (1 - beta)), ...options.suggest }),
    optimizerStateRestored: state.optimizerState,
  };
}

function completed(lrs: number[]): FinderStop {
  const last = lrs.length - 1;
  return {
    reason: 'completed',
    iteration: last,
    lr: lrs[last]!,
    message: `all ${lrs.length} rates tried, up to ${fmt(lrs[last]!)}.`,
  };
}

/** Why a sweep has at least 2 rates. */
const SWEEP_ENDS = 'A sweep needs a first and a last rate.';

function checkRange(caller: string, startLr: number, endLr: number): void {
  checkPositive(caller, 'startLr', startLr);
  checkAbove(caller, 'endLr', endLr, startLr, 'The sweep goes up.', `startLr = ${startLr}`);
}

function plannedIterations({ iterations, epochs }: LrFinderOptions, perEpoch: number): number {
  checkThat(
    (iterations === undefined) !== (epochs === undefined),
    'findLearningRate',
    'iterations or epochs',
    'given, one of the two',
    { iterations: iterations ?? null, epochs: epochs ?? null },
    "iterations counts the sweep's updates, epochs its passes over the data.",
  );
  if (epochs === undefined) {
    return checkIntegerFrom('findLearningRate', 'iterations', iterations!, 2, SWEEP_ENDS);
  }
  checkPositive('findLearningRate', 'epochs', epochs);
  const count = Math.ceil(epochs * perEpoch);
  checkThat(
    count >= 2,
    'findLearningRate',
    'epochs',
    `> 1/${perEpoch}, so that its ${perEpoch} batches per epoch make 2 updates or more`,
    epochs,
    SWEEP_ENDS,
  );
  return count;
}

/** The number of samples, the same in every input and target tensor. */
function sampleCount(xs: tf.Tensor | tf.Tensor[], ys: tf.Tensor | tf.Tensor[]): number {
  const counts = [xs, ys].flat().map((t) => t.shape[0] ?? 0);
  const n = counts[0]!;
  checkThat(
    n > 0 && counts.every((c) => c === n),
    'findLearningRate',
    'the sample counts of xs and ys (their first axis)',
    'equal and > 0',
    counts,
  );
  return n;
}

/** One update on rows start … start + size − 1; returns the batch's loss. */
async function trainOnRows(
  model: tf.LayersModel,
  xs: tf.Tensor | tf.Tensor[],
  ys: tf.Tensor | tf.Tensor[],
  start: number,
  size: number,
): Promise<number> {
  const rows = (t: tf.Tensor) => tf.slice(t, start, size);
  const bx = Array.isArray(xs) ? xs.map(rows) : rows(xs);
  const by = Array.isArray(ys) ? ys.map(rows) : rows(ys);
  try {
    const out = await model.trainOnBatch(bx, by);
    return Array.isArray(out) ? out[0]! : out;
  } finally {
    tf.dispose([bx, by].flat());
  }
}
