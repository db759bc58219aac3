/**
 * The "train these configurations and compare" loop of the toy chapters, as one call.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AppliedRate } from '../tfjs/learning-rate-scheduler';
import { trainToy, type ToyRunOptions } from './train-toy';
import type { UpdateLoss } from './update-losses';

/** Something that hands out one callback per run, e.g. a notebook's `TrainingMonitor`. */
export interface RunCallbacks {
  callback(name: string): tf.Callback;
}

/** One run of a comparison, its model already freed. */
export interface ToyResult {
  name: string;
  /** Per-epoch logs: `loss`, `acc`, `end_loss`, and `lr` when a schedule or callback set it. */
  history: Record<string, number[]>;
  /** Every rate the scheduler set (one per epoch or per batch update); empty for a fixed rate. */
  applied: readonly AppliedRate[];
  /** Every batch update's losses, when the run's options asked to `recordUpdates`. */
  updates?: readonly UpdateLoss[];
}

/**
 * Trains the spirals MLP once per `[name, options]`, one after the other, each from the same seeded weights and
 * batch order unless its options say otherwise; `monitor.callback(name)` (when given) is added to each run's
 * callbacks. Returns each run's history as plain numbers; the models are freed.
 *
 * @example
 * const results = await compareToy([
 *   ['constant 0.5', { lr: 0.5, epochs: 10 }],
 *   ['step', { lr: new StepDecay({ initAlpha: 0.5, factor: 0.5, dropEvery: 5 }), epochs: 10 }],
 * ]);
 * console.table(finalValues(results, ['end_loss']));
 * assert.deepEqual(results[1]!.history.lr, [0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125]);
 */
export async function compareToy(
  runs: readonly (readonly [string, ToyRunOptions])[],
  { monitor }: { monitor?: RunCallbacks } = {},
): Promise<ToyResult[]> {
  const results: ToyResult[] = [];
  for (const [name, options] of runs) {
    const callbacks = [...(options.callbacks ?? []), ...(monitor ? [monitor.callback(name)] : [])];
    const run = await trainToy({ ...options, callbacks });
    try {
      const history = Object.fromEntries(
        Object.entries(run.history.history).map(([key, values]) => [key, values.map(Number)]),
      );
      const applied = [...(run.scheduler?.applied ?? [])];
      results.push({ name, history, applied, ...(run.updates ? { updates: run.updates } : {}) });
    } finally {
      run.dispose();
    }
  }
  return results;
}

/**
 * A table for `console.table`: per run, the last epoch's value of each metric, rounded to `digits` decimals
 * (`NaN` where a run never logged the metric; a run that stopped early shows its last epoch's value).
 *
 * @example
 * const results: ToyResult[] = [
 *   { name: 'constant', history: { loss: [1.1, 0.81234], acc: [0.4, 0.6] }, applied: [] },
 *   { name: 'stopped', history: { loss: [1.2] }, applied: [] }, // stopped after one epoch, logged no accuracy
 * ]; // compareToy's results
 * const table = finalValues(results, ['loss', 'acc'], 2);
 * console.table(table);
 * assert.deepEqual(table, { constant: { loss: 0.81, acc: 0.6 }, stopped: { loss: 1.2, acc: NaN } });
 */
export function finalValues(
  results: readonly ToyResult[],
  metrics: readonly string[],
  digits = 4,
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    results.map(({ name, history }) => [
      name,
      Object.fromEntries(
        metrics.map((metric) => {
          const values = history[metric] ?? [];
          const last = values[values.length - 1];
          return [metric, last === undefined ? NaN : Number(last.toFixed(digits))];
        }),
      ),
    ]),
  );
}
