/**
 * How many runs of a sweep to start side by side. Pure.
 */
import { checkIntegerFrom } from '../schedules/validate';

/**
 * The number of runs to keep going at once on `cores` CPU cores, each run single-threaded and all of the same
 * length: the smallest p that minimizes ceil(runs / p) · max(1, p / cores), the wall-clock time, in units of one run
 * alone on a core, of rounds of p runs sharing the cores. That is one per core, unless a last, partial round would
 * leave cores idle and more at once ends sooner: five runs on two cores go all five at once (2.5 units, the least
 * possible) rather than two, two and one (3 units); fourteen go two at a time. The sweep's pool starts a run as soon
 * as another ends, which never makes the chosen p slower than the formula says, though it can make a smaller p
 * just as fast (three, then two, also take 2.5 units); the choice keeps to the configuration measured. More runs
 * than cores share them in turns of an epoch (the sweep's `turnServer`), so each gets cores / p of the time.
 *
 * @example
 * assert.equal(sweepParallelism(5, 2), 5); // all five at once: 2.5 units of time rather than 3
 * assert.equal(sweepParallelism(14, 2), 2);
 */
export function sweepParallelism(runs: number, cores: number): number {
  checkIntegerFrom('sweepParallelism', 'runs', runs, 1);
  checkIntegerFrom('sweepParallelism', 'cores', cores, 1);
  const time = (p: number): number => Math.ceil(runs / p) * Math.max(1, p / cores);
  let best = 1;
  for (let p = 2; p <= runs; p++) if (time(p) < time(best) - 1e-9) best = p;
  return best;
}
