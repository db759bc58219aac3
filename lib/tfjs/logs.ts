import type * as tf from '@tensorflow/tfjs';

/** Epoch or batch logs as `model.fit` hands them to callbacks: numbers, or scalars not yet read back. */
export type UnresolvedLogs = { [key: string]: number | tf.Scalar };
