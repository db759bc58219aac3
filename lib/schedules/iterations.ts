/**
 * Batch updates in one epoch, as `model.fit` counts them: the last, partial batch is a batch too.
 * 50,000 images at batch 64 give 782 updates per epoch.
 *
 * @example
 * assert.equal(iterationsPerEpoch(50_000, 64), 782);
 */
export function iterationsPerEpoch(samples: number, batchSize: number): number {
  if (!Number.isInteger(samples) || samples <= 0) throw new RangeError(`iterationsPerEpoch: samples must be an integer > 0 (got ${samples}).`);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`iterationsPerEpoch: batchSize must be an integer > 0 (got ${batchSize}).`);
  return Math.ceil(samples / batchSize);
}
