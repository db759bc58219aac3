import { checkPositiveInteger } from './validate';

/**
 * Batch updates in one epoch, as `model.fit` counts them: the last, partial batch is a batch too.
 * 50,000 images at batch 64 give 782 updates per epoch.
 *
 * @example
 * assert.equal(iterationsPerEpoch(50_000, 64), 782);
 */
export function iterationsPerEpoch(samples: number, batchSize: number): number {
  checkPositiveInteger('iterationsPerEpoch', 'samples', samples);
  checkPositiveInteger('iterationsPerEpoch', 'batchSize', batchSize);
  return Math.ceil(samples / batchSize);
}
