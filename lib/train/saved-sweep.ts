/**
 * Reading a sweep that `npm run sweep` saved (results.json and one folder per run), for notebooks and reports.
 * Sweeps saved before seeds (rows without a seed, one folder per schedule) read as sweeps of their profile's seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunHistory } from './history';
import type { Profile } from './profiles';
import { readOutcome, type RunOutcome } from './run-folder';
import { sweepReport, type SweepReport } from './sweep-report';
import { runFolder } from './sweep-runs';
import type { SweepRow } from './sweep-table';

/** A saved sweep: what its results.json holds, and where it lies. */
export interface SavedSweep {
  dir: string;
  profile: string;
  setup: Profile;
  /** The sweep's seeds, in increasing order. */
  seeds: number[];
  /** Wall-clock seconds of the sweep command; null when the report was built by --report from several parts. */
  seconds: number | null;
  /** One row per run (schedule and seed). */
  rows: SweepRow[];
}

/**
 * Reads `dir/results.json`; the error says how to make the sweep when it is missing or unreadable.
 *
 * @example
 * const { mkdirSync, writeFileSync } = fs;
 * const rows = [{ ...sweepRow({ schedule: 'none', seed: 0 }, null, 'finished'), epochs: 1, finalAccuracy: 0.2, bestAccuracy: 0.2 }];
 * mkdirSync('sweep'); // what `npm run sweep -- --out sweep` writes there, cut to the fields read
 * writeFileSync('sweep/results.json', JSON.stringify({ profile: 'smoke', setup: PROFILES.smoke, seeds: [0], seconds: 9, rows }));
 * const sweep = readSavedSweep('sweep');
 * assert.equal(sweep.setup.model, 'tiny');
 * assert.deepEqual(sweep.rows.map((r) => r.finalAccuracy), [0.2]);
 * assert.throws(() => readSavedSweep('elsewhere'), /elsewhere\/results\.json does not exist: run the sweep first/);
 */
export function readSavedSweep(dir: string): SavedSweep {
  const path = join(dir, 'results.json');
  if (!existsSync(path)) {
    throw new Error(`${path} does not exist: run the sweep first (npm run sweep -- --out ${dir} …, see its --help).`);
  }
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Omit<SavedSweep, 'dir' | 'rows' | 'seeds'> & {
      rows: (Omit<SweepRow, 'seed'> & { seed?: number })[];
      seeds?: number[];
    };
    const rows = saved.rows.map((r) => ({ ...r, seed: r.seed ?? saved.setup.seed }));
    const seeds = saved.seeds ?? [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
    return { dir, profile: saved.profile, setup: saved.setup, seeds, seconds: saved.seconds, rows };
  } catch (error) {
    throw new Error(`${path} cannot be read (${(error as Error).message}): re-run the sweep that wrote it.`, {
      cause: error,
    });
  }
}

/** The schedules of the sweep, in its order. */
function schedulesOf(sweep: SavedSweep): string[] {
  return [...new Set(sweep.rows.map((r) => r.schedule))];
}

/**
 * The saved outcome of one run of the sweep (by default the first seed's); throws when the run has not finished.
 *
 * @example
 * const { writeFileSync } = fs;
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const config = validateRunConfig({ schedule: 'none', epochs: 1, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 * await runExperiment(config, { dir: runFolder('sweep', { schedule: 'none', seed: 0 }), data: { train: set, test: set } });
 * const rows = [sweepRow({ schedule: 'none', seed: 0 }, readOutcome('sweep/none-seed0'), 'finished')];
 * writeFileSync('sweep/results.json', JSON.stringify({ profile: 'smoke', setup: PROFILES.smoke, seeds: [0], seconds: 9, rows }));
 * const outcome = sweepOutcome(readSavedSweep('sweep'), 'none');
 * assert.equal(outcome.config.schedule, 'none');
 * assert.equal(outcome.history.loss.length, 1);
 */
export function sweepOutcome(
  sweep: SavedSweep,
  schedule: string,
  seed = sweep.seeds[0] ?? sweep.setup.seed,
): RunOutcome {
  const dir = runFolder(sweep.dir, { schedule, seed });
  const outcome = readOutcome(dir);
  if (outcome === null) throw new Error(`${dir} holds no finished run of '${schedule}' at seed ${seed}.`);
  return outcome;
}

/**
 * One per-epoch curve per schedule (e.g. `val_acc` or `lr`) at one seed (by default the first), for `metricsFigure`.
 *
 * @example
 * const { writeFileSync } = fs;
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const rows = [];
 * for (const schedule of ['none', 'linear']) {
 *   const config = validateRunConfig({ schedule, epochs: 2, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 *   const dir = runFolder('sweep', { schedule, seed: 0 });
 *   await runExperiment(config, { dir, data: { train: set, test: set } });
 *   rows.push(sweepRow({ schedule, seed: 0 }, readOutcome(dir), 'finished'));
 * }
 * writeFileSync('sweep/results.json', JSON.stringify({ profile: 'smoke', setup: PROFILES.smoke, seeds: [0], seconds: 9, rows }));
 * const rates = sweepSeries(readSavedSweep('sweep'), 'lr'); // e.g. for metricsFigure(rates, …)
 * assert.deepEqual(rates, [{ name: 'none', values: [0.1, 0.1] }, { name: 'linear', values: [0.1, 0.05] }]);
 */
export function sweepSeries(
  sweep: SavedSweep,
  key: keyof RunHistory,
  schedules: readonly string[] = schedulesOf(sweep),
  seed = sweep.seeds[0] ?? sweep.setup.seed,
): { name: string; values: number[] }[] {
  return schedules.map((name) => ({ name, values: sweepOutcome(sweep, name, seed).history[key] }));
}

/**
 * The statistics over seeds of the saved sweep: per schedule mean ± sd, paired differences, missing runs.
 *
 * @example
 * const { mkdirSync, writeFileSync } = fs;
 * const row = (schedule: string, seed: number, finalAccuracy: number) => ({
 *   ...sweepRow({ schedule, seed }, null, 'finished'), epochs: 1, finalAccuracy, bestAccuracy: finalAccuracy,
 * });
 * const rows = [row('none', 0, 0.2), row('linear', 0, 0.3), row('none', 1, 0.25), row('linear', 1, 0.32)];
 * mkdirSync('sweep');
 * writeFileSync('sweep/results.json', JSON.stringify({ profile: 'smoke', setup: PROFILES.smoke, seeds: [0, 1], seconds: 9, rows }));
 * const stats = sweepStats(readSavedSweep('sweep'));
 * assert.equal(stats.pairs[0]!.better, 'linear');
 * assert.equal(stats.pairs[0]!.final.mean.toFixed(3), '0.085');
 */
export function sweepStats(sweep: SavedSweep): SweepReport {
  return sweepReport(sweep.rows, schedulesOf(sweep));
}

const percent = (x: number | null): number => (x === null ? NaN : Number((100 * x).toFixed(1)));

/**
 * The sweep's results for `console.table`, one row per schedule (all, or those named, in that order): final and
 * best test accuracy in % (the mean over the finished seeds, with the sample standard deviation when there are
 * several), seconds per run, and the article's accuracy where it has one.
 *
 * @example
 * const { mkdirSync, writeFileSync } = fs;
 * const row = (schedule: string, seed: number, finalAccuracy: number) => ({
 *   ...sweepRow({ schedule, seed }, null, 'finished'), epochs: 1, finalAccuracy, bestAccuracy: finalAccuracy,
 * });
 * const rows = [row('none', 0, 0.2), row('none', 1, 0.25)];
 * mkdirSync('sweep');
 * writeFileSync('sweep/results.json', JSON.stringify({ profile: 'smoke', setup: PROFILES.smoke, seeds: [0, 1], seconds: 9, rows }));
 * const table = sweepTable(readSavedSweep('sweep'));
 * console.table(table);
 * assert.equal(table.none!['final test acc. %'], 22.5); // mean of the two seeds
 * assert.equal(table.none!['article %'], 84.1);
 */
export function sweepTable(
  sweep: SavedSweep,
  schedules: readonly string[] = schedulesOf(sweep),
): Record<string, Record<string, number>> {
  const stats = sweepStats(sweep);
  return Object.fromEntries(
    schedules.map((name) => {
      const summary = stats.summaries.find((s) => s.schedule === name);
      if (!summary)
        throw new Error(`the sweep in ${sweep.dir} has no run '${name}' (it has ${schedulesOf(sweep).join(', ')}).`);
      const finished = sweep.rows.filter((r) => r.schedule === name && r.status === 'finished');
      const several = sweep.seeds.length > 1;
      return [
        name,
        {
          'final test acc. %': percent(summary.final.n > 0 ? summary.final.mean : null),
          ...(several ? { sd: percent(summary.final.std), seeds: summary.final.n } : {}),
          'best %': percent(summary.best.n > 0 ? summary.best.mean : null),
          'time s': Math.round(finished.reduce((t, r) => t + r.seconds, 0) / Math.max(1, finished.length)),
          ...(summary.article === null ? {} : { 'article %': percent(summary.article) }),
        },
      ];
    }),
  );
}
