/**
 * The results table of a sweep, from the runs' outcomes. Pure.
 */
import { ARTICLE_ACCURACY } from './profiles';
import type { RunOutcome } from './run-folder';
import { runName, type SweepRun } from './sweep-runs';

/** One run's line of the table. */
export interface SweepRow {
  schedule: string;
  /** The run's seed (initial weights, data subsets and order). */
  seed: number;
  status: 'finished' | 'diverged' | 'failed' | 'unfinished';
  /** Finished epochs. */
  epochs: number;
  /** Test accuracy after the last epoch (null without a finished epoch). */
  finalAccuracy: number | null;
  /** Best test accuracy over the epochs. */
  bestAccuracy: number | null;
  /** Seconds of training and evaluation, all epochs (waits for a turn left out). */
  seconds: number;
  /** The article's final test accuracy for this schedule, when it has one. */
  article: number | null;
  /** Why the run did not finish (diverged or failed runs). */
  note?: string;
}

/**
 * The row of a run: its outcome when it ended, else its status and what happened.
 *
 * @example
 * const row = sweepRow({ schedule: 'step', seed: 1 }, null, 'failed', 'out of memory');
 * assert.deepEqual(row, {
 *   schedule: 'step', seed: 1, status: 'failed', epochs: 0, finalAccuracy: null, bestAccuracy: null, seconds: 0,
 *   article: 0.868, note: 'out of memory',
 * });
 */
export function sweepRow(
  { schedule, seed }: SweepRun,
  outcome: RunOutcome | null,
  status: SweepRow['status'],
  note?: string,
): SweepRow {
  const history = outcome?.history;
  const acc = history?.val_acc ?? [];
  return {
    schedule,
    seed,
    status: outcome?.status ?? status,
    epochs: acc.length,
    finalAccuracy: acc.length > 0 ? acc[acc.length - 1]! : null,
    bestAccuracy: acc.length > 0 ? Math.max(...acc) : null,
    seconds: (history?.seconds ?? []).reduce((a, b) => a + b, 0),
    article: ARTICLE_ACCURACY[schedule] ?? null,
    ...((outcome?.message ?? note) ? { note: outcome?.message ?? note } : {}),
  };
}

/** An accuracy in % with one decimal, or a dash. */
export const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)} %`);

/**
 * The table in Markdown, with a line per run and notes for those that did not finish.
 *
 * @example
 * const rows = sweepRuns(['none', 'linear'], [0]).map((run) => sweepRow(run, null, 'unfinished'));
 * const table = sweepMarkdown(rows);
 * assert.match(table, /^\| schedule \| seed \| status \|/);
 * assert.match(table, /\| linear \| 0 \| unfinished \| 0 \| – \| – \| 0 s \| 87\.2 % \|/);
 */
export function sweepMarkdown(rows: SweepRow[]): string {
  const lines = [
    '| schedule | seed | status | epochs | final test acc. | best test acc. | time | article (100 epochs, full data) |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.schedule} | ${r.seed} | ${r.status} | ${r.epochs} | ${pct(r.finalAccuracy)} | ${pct(r.bestAccuracy)} | ${r.seconds.toFixed(0)} s | ${pct(r.article)} |`,
    ),
  ];
  const notes = rows.filter((r) => r.note !== undefined).map((r) => `- ${runName(r)}: ${r.note}`);
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}
