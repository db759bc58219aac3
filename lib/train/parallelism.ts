/**
 * How many runs of a sweep to start side by side. Pure.
 */

/**
 * The number of runs to keep going at once on `cores` CPU cores, each run single-threaded: the smallest p that
 * minimizes the sweep's wall-clock time ceil(runs / p) · max(1, p / cores), in units of one run alone on a core.
 * That is one per core, unless the last round would leave cores idle and running more at once (the cores shared
 * between them) ends sooner: five runs on two cores go all five at once (2.5 units) rather than two, two and one
 * (3 units); fourteen go two at a time.
 */
export function sweepParallelism(runs: number, cores: number): number {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`sweepParallelism: runs must be an integer ≥ 1 (got ${runs}).`);
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`sweepParallelism: cores must be an integer ≥ 1 (got ${cores}).`);
  const time = (p: number): number => Math.ceil(runs / p) * Math.max(1, p / cores);
  let best = 1;
  for (let p = 2; p <= runs; p++) if (time(p) < time(best) - 1e-9) best = p;
  return best;
}
