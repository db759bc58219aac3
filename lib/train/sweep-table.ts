/**
 * The results table of a sweep, from the runs' outcomes. Pure.
 */
import { ARTICLE_ACCURACY } from './profiles';
import type { RunOutcome } from './run-folder';

/** One run's line of the table. */
export interface SweepRow {
  schedule: string;
  status: 'finished' | 'diverged' | 'failed' | 'unfinished';
  /** Finished epochs. */
  epochs: number;
  /** Test accuracy after the last epoch (null without a finished epoch). */
  finalAccuracy: number | null;
  /** Best test accuracy over the epochs. */
  bestAccuracy: number | null;
  /** Seconds of training and evaluation, all epochs. */
  seconds: number;
  /** The article's final test accuracy for this schedule, when it has one. */
  article: number | null;
  /** Why the run did not finish (diverged or failed runs). */
  note?: string;
}

/** The row of a run: its outcome when it ended, else its status and what happened. */
export function sweepRow(schedule: string, outcome: RunOutcome | null, status: SweepRow['status'], note?: string): SweepRow {
  const history = outcome?.history;
  const acc = history?.val_acc ?? [];
  return {
    schedule,
    status: outcome?.status ?? status,
    epochs: acc.length,
    finalAccuracy: acc.length > 0 ? acc[acc.length - 1]! : null,
    bestAccuracy: acc.length > 0 ? Math.max(...acc) : null,
    seconds: (history?.seconds ?? []).reduce((a, b) => a + b, 0),
    article: ARTICLE_ACCURACY[schedule] ?? null,
    ...(outcome?.message ?? note ? { note: outcome?.message ?? note } : {}),
  };
}

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)} %`);

/** The table in Markdown, with a line per run and notes for those that did not finish. */
export function sweepMarkdown(rows: SweepRow[]): string {
  const lines = [
    '| schedule | status | epochs | final test acc. | best test acc. | time | article (100 epochs, full data) |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.schedule} | ${r.status} | ${r.epochs} | ${pct(r.finalAccuracy)} | ${pct(r.bestAccuracy)} | ${r.seconds.toFixed(0)} s | ${pct(r.article)} |`),
  ];
  const notes = rows.filter((r) => r.note !== undefined).map((r) => `- ${r.schedule}: ${r.note}`);
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}
