/**
 * Reading a sweep that `npm run sweep` saved (results.json and one folder per run), for notebooks and reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunHistory } from './history';
import type { Profile } from './profiles';
import { readOutcome, type RunOutcome } from './run-folder';
import type { SweepRow } from './sweep-table';

/** A saved sweep: what its results.json holds, and where it lies. */
export interface SavedSweep {
  dir: string;
  profile: string;
  setup: Profile;
  /** Wall-clock seconds of the whole sweep command. */
  seconds: number;
  rows: SweepRow[];
}

/** Reads `dir/results.json`; the error says how to make the sweep when it is missing or unreadable. */
export function readSavedSweep(dir: string): SavedSweep {
  const path = join(dir, 'results.json');
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: run the sweep first (npm run sweep -- --out ${dir} …, see its --help).`);
  }
  try {
    const { profile, setup, seconds, rows } = JSON.parse(readFileSync(path, 'utf8')) as Omit<SavedSweep, 'dir'>;
    return { dir, profile, setup, seconds, rows };
  } catch (error) {
    throw new Error(`${path} cannot be read (${(error as Error).message}): re-run the sweep that wrote it.`);
  }
}

/** The saved outcome of one run of the sweep; throws when the run has not finished. */
export function sweepOutcome(sweep: SavedSweep, schedule: string): RunOutcome {
  const outcome = readOutcome(join(sweep.dir, schedule));
  if (outcome === null) throw new Error(`${join(sweep.dir, schedule)} holds no finished run of '${schedule}'.`);
  return outcome;
}

/** One per-epoch curve per run (e.g. `val_acc` or `lr`), for `metricsFigure`. */
export function sweepSeries(
  sweep: SavedSweep,
  key: keyof RunHistory,
  schedules: readonly string[] = sweep.rows.map((r) => r.schedule),
): { name: string; values: number[] }[] {
  return schedules.map((name) => ({ name, values: sweepOutcome(sweep, name).history[key] }));
}

const percent = (x: number | null): number => (x === null ? NaN : Number((100 * x).toFixed(1)));

/**
 * The sweep's results for `console.table`, one row per schedule (all, or those named, in that order): final and
 * best test accuracy in %, seconds, and the article's accuracy where it has one.
 */
export function sweepTable(
  sweep: SavedSweep,
  schedules: readonly string[] = sweep.rows.map((r) => r.schedule),
): Record<string, Record<string, number>> {
  return Object.fromEntries(schedules.map((name) => {
    const row = sweep.rows.find((r) => r.schedule === name);
    if (!row) throw new Error(`the sweep in ${sweep.dir} has no run '${name}' (it has ${sweep.rows.map((r) => r.schedule).join(', ')}).`);
    return [name, {
      'final test acc. %': percent(row.finalAccuracy),
      'best %': percent(row.bestAccuracy),
      'time s': Math.round(row.seconds),
      ...(row.article === null ? {} : { 'article %': percent(row.article) }),
    }];
  }));
}
