import * as tf from '@tensorflow/tfjs-core';

/** Epoch or batch logs as `model.fit` hands them to callbacks: numbers, or scalars not yet read back. */
export type UnresolvedLogs = { [key: string]: number | tf.Scalar };

/**
 * The logs' values as numbers, reading scalars back from the backend (the logs themselves are left as they are).
 *
 * @example
 * assert.deepEqual(await resolveLogs({ loss: tf.scalar(0.5), acc: 1 }), { loss: 0.5, acc: 1 });
 */
export async function resolveLogs(logs: UnresolvedLogs | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    out[key] = value instanceof tf.Tensor ? (await value.data())[0]! : value;
  }
  return out;
}
