/**
 * The runs of a sweep — every schedule at every seed — and where each one lives in the sweep's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from './run-folder';

/** One run of a sweep: a schedule trained from a seed. */
export interface SweepRun {
  schedule: string;
  seed: number;
}

/**
 * The sweep's runs, seed by seed: every schedule at the first seed, then every schedule at the next, so that the
 * runs finished first already compare the schedules on equal terms. The order is the sweep's deterministic run
 * list, which `--shard` cuts into parts.
 *
 * @example
 * assert.deepEqual(sweepRuns(['none', 'step'], [0, 1]).map(runName), ['none-seed0', 'step-seed0', 'none-seed1', 'step-seed1']);
 */
export function sweepRuns(schedules: readonly string[], seeds: readonly number[]): SweepRun[] {
  return seeds.flatMap((seed) => schedules.map((schedule) => ({ schedule, seed })));
}

/**
 * The name of a run's folder: `<schedule>-seed<k>`, e.g. `linear-seed2`.
 *
 * @example
 * assert.equal(runName({ schedule: 'linear', seed: 2 }), 'linear-seed2');
 */
export function runName({ schedule, seed }: SweepRun): string {
  return `${schedule}-seed${seed}`;
}

/** The seed of the run whose config.json is in `dir`, or null when there is none or it cannot be read. */
function storedSeed(dir: string): number | null {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) return null;
  try {
    const seed = (JSON.parse(readFileSync(path, 'utf8')) as { config?: { seed?: unknown } }).config?.seed;
    return typeof seed === 'number' ? seed : null;
  } catch {
    return null;
  }
}

/**
 * The folder of a run in the sweep folder `out`: `<out>/<schedule>-seed<k>/`. Sweeps made before seeds kept one
 * run per schedule in `<out>/<schedule>/`; such a folder is the run's when it holds a run of that seed and the
 * new-style folder does not exist, so that an old sweep is read back, and resumed, without training anything again.
 *
 * @example
 * assert.equal(runFolder('output/sweep', { schedule: 'linear', seed: 2 }), 'output/sweep/linear-seed2');
 */
export function runFolder(out: string, run: SweepRun): string {
  const folder = join(out, runName(run));
  if (existsSync(folder)) return folder;
  const legacy = join(out, run.schedule);
  return storedSeed(legacy) === run.seed ? legacy : folder;
}
