/**
 * The report of a sweep over several seeds, from whatever runs have finished: per schedule the mean and spread of
 * the final and best test accuracy and each seed's value; per pair of schedules the mean paired difference with its
 * confidence interval; and the runs still missing. Pure.
 */
import { mean, pairedDifference, type PairedDifference, sampleStd, seedSummary, type SeedSummary } from './seed-stats';
import { pct, type SweepRow } from './sweep-table';
import { runName, type SweepRun } from './sweep-runs';

/** One quantity of a schedule over its finished seeds. */
export interface SeedValues extends SeedSummary {
  /** The value of each finished seed, in the order of `ScheduleSummary.seeds`. */
  values: number[];
}

/** A schedule's results over the seeds whose run finished. */
export interface ScheduleSummary {
  schedule: string;
  /** The seeds whose run finished, in increasing order. */
  seeds: number[];
  final: SeedValues;
  best: SeedValues;
  /** The article's final accuracy, when it has one. */
  article: number | null;
}

/** `better` − `worse` in final test accuracy, seed by seed (`better` has the higher mean over the shared seeds). */
export interface PairComparison {
  better: string;
  worse: string;
  final: PairedDifference;
}

export interface SweepReport {
  /** One row per run of the sweep's list, finished or not. */
  rows: SweepRow[];
  summaries: ScheduleSummary[];
  pairs: PairComparison[];
  /** The runs without a result yet (not started, stopped, or failed): the report is complete when this is empty. */
  missing: SweepRun[];
}

/** The confidence level of the paired intervals. */
export const CONFIDENCE = 0.95;

function values(rows: readonly SweepRow[], key: 'finalAccuracy' | 'bestAccuracy'): SeedValues {
  const list = rows.map((r) => r[key]!);
  return { ...seedSummary(list), values: list };
}

/**
 * The report of the rows of a sweep (one per run, in the run list's order) for `schedules` in that order. Only
 * finished runs enter the statistics; diverged ones are in the rows with their note, the others are missing.
 *
 * @example
 * const row = (schedule: string, seed: number, finalAccuracy: number) => ({
 *   ...sweepRow({ schedule, seed }, null, 'finished'), epochs: 5, finalAccuracy, bestAccuracy: finalAccuracy,
 * });
 * const rows = [row('none', 0, 0.60), row('linear', 0, 0.64), row('none', 1, 0.58), row('linear', 1, 0.63)];
 * const report = sweepReport(rows, ['none', 'linear']);
 * assert.equal(report.summaries[1]!.final.mean.toFixed(3), '0.635');
 * assert.equal(report.pairs[0]!.better, 'linear');
 * assert.deepEqual(report.missing, []);
 */
export function sweepReport(rows: SweepRow[], schedules: readonly string[]): SweepReport {
  const finished = (schedule: string): SweepRow[] =>
    rows.filter((r) => r.schedule === schedule && r.status === 'finished').sort((a, b) => a.seed - b.seed);
  const summaries = schedules.map((schedule): ScheduleSummary => {
    const done = finished(schedule);
    return {
      schedule,
      seeds: done.map((r) => r.seed),
      final: values(done, 'finalAccuracy'),
      best: values(done, 'bestAccuracy'),
      article: rows.find((r) => r.schedule === schedule)?.article ?? null,
    };
  });
  const byseed = (s: ScheduleSummary): Map<number, number> =>
    new Map(s.seeds.map((seed, i) => [seed, s.final.values[i]!]));
  const pairs = summaries.flatMap((a, i) =>
    summaries.slice(i + 1).map((b): PairComparison => {
      const difference = pairedDifference(byseed(a), byseed(b), CONFIDENCE);
      if (!(difference.mean < 0)) return { better: a.schedule, worse: b.schedule, final: difference };
      const flipped = pairedDifference(byseed(b), byseed(a), CONFIDENCE);
      return { better: b.schedule, worse: a.schedule, final: flipped };
    }),
  );
  const missing = rows
    .filter((r) => r.status === 'unfinished' || r.status === 'failed')
    .map(({ schedule, seed }) => ({ schedule, seed }));
  return { rows, summaries, pairs, missing };
}

/** Percentage points with a sign and one decimal. */
const points = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)}`;

const spread = (v: SeedValues): string =>
  v.n === 0 ? '–' : `${pct(v.mean)}${v.std === null ? '' : ` ± ${(100 * v.std).toFixed(1)}`}`;

/**
 * The report in Markdown: the per-schedule table (mean ± sample standard deviation over the finished seeds, and
 * each seed's final accuracy), with more than one seed the paired comparisons, and the missing runs. The per-run
 * table is `sweepMarkdown`'s.
 *
 * @example
 * const row = (schedule: string, seed: number, finalAccuracy: number) => ({
 *   ...sweepRow({ schedule, seed }, null, 'finished'), epochs: 5, finalAccuracy, bestAccuracy: finalAccuracy,
 * });
 * const report = sweepReport([row('none', 0, 0.60), row('none', 1, 0.58)], ['none']);
 * const text = sweepReportMarkdown(report);
 * console.log(text);
 * assert.match(text, /\| none \| 0, 1 \| 59\.0 % ± 1\.4 \|/);
 */
export function sweepReportMarkdown(report: SweepReport): string {
  const out = [
    '| schedule | seeds | final test acc. (mean ± sd) | best test acc. (mean ± sd) | final, per seed | article (100 epochs, full data) |',
    '|---|---|---:|---:|---|---:|',
    ...report.summaries.map(
      (s) =>
        `| ${s.schedule} | ${s.seeds.join(', ') || '–'} | ${spread(s.final)} | ${spread(s.best)} | ` +
        `${s.final.values.map((v) => (100 * v).toFixed(1)).join(', ') || '–'} | ${pct(s.article)} |`,
    ),
  ];
  const compared = report.pairs.filter((p) => p.final.n > 0);
  const intervals = compared.filter((p) => p.final.ci !== null).length;
  if (intervals > 0) {
    out.push(
      '',
      `Paired differences in final test accuracy (same seed: same initial weights, data subsets and order), ` +
        `percentage points, with the ${100 * CONFIDENCE} % t interval over seeds (n − 1 degrees of freedom). Each interval ` +
        `holds for its own pair: of these ${intervals}, ${(intervals * (1 - CONFIDENCE)).toFixed(2)} on average would ` +
        'exclude 0 by chance if no two schedules differed.',
      '',
      '| comparison | mean difference | 95 % interval | seeds | interval excludes 0 |',
      '|---|---:|---:|---|---|',
      ...compared.map(
        ({ better, worse, final: d }) =>
          `| ${better} − ${worse} | ${points(d.mean)} | ` +
          `${d.ci === null ? '–' : `[${points(d.ci[0])}, ${points(d.ci[1])}]`} | ${d.seeds.join(', ')} | ` +
          `${d.ci === null ? '–' : d.ci[0] > 0 ? 'yes' : 'no'} |`,
      ),
    );
  }
  if (report.missing.length > 0) {
    out.push(
      '',
      `Missing (${report.missing.length} of ${report.rows.length} runs have no result yet): ` +
        `${report.missing.map(runName).join(', ')}. The figures above leave them out; run the sweep, or its parts, again to finish them.`,
    );
  }
  return out.join('\n') + '\n';
}

/** A curve's mean over seeds and the band of ± one sample standard deviation around it, epoch by epoch. */
export interface MeanBand {
  mean: number[];
  lower: number[];
  upper: number[];
}

/**
 * The mean curve of `curves` (one per seed, e.g. each run's test accuracy per epoch) and ± one standard
 * deviation, over the curves that reach each epoch; the band is NaN (not drawn) where fewer than two do.
 *
 * @example
 * const band = meanBand([[0.5, 0.6], [0.7, 0.8]]); // two seeds' test accuracy per epoch
 * assert.deepEqual(band.mean.map((m) => m.toFixed(2)), ['0.60', '0.70']);
 * assert.ok(Math.abs(band.upper[0]! - band.mean[0]! - Math.SQRT2 / 10) < 1e-12); // one sample standard deviation
 */
export function meanBand(curves: readonly (readonly number[])[]): MeanBand {
  const length = Math.max(0, ...curves.map((c) => c.length));
  const at = (e: number): number[] => curves.filter((c) => c.length > e).map((c) => c[e]!);
  const means = Array.from({ length }, (_, e) => mean(at(e)));
  const stds = Array.from({ length }, (_, e) => sampleStd(at(e)));
  return { mean: means, lower: means.map((m, e) => m - stds[e]!), upper: means.map((m, e) => m + stds[e]!) };
}
