import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSavedSweep, sweepOutcome, sweepSeries, sweepTable } from '../../lib';

const SAVED = join(__dirname, '../../results/sweep-workshop');
const scratch = mkdtempSync(join(tmpdir(), 'saved-sweep-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a saved sweep', () => {
  const sweep = readSavedSweep(SAVED);

  it('reads results.json and each run folder', () => {
    expect(sweep.profile).toBe('workshop');
    expect(sweep.rows.map((r) => r.schedule)).toEqual(['none', 'standard', 'step', 'linear', 'poly']);
    const linear = sweepOutcome(sweep, 'linear');
    expect(linear.history.val_acc).toHaveLength(sweep.setup.epochs);
    expect(linear.history.val_acc.at(-1)).toBe(sweep.rows[3]!.finalAccuracy);
  });

  it('tables the runs in %, in the order asked, with the article where it has a figure', () => {
    const table = sweepTable(sweep, ['linear', 'none']);
    expect(Object.keys(table)).toEqual(['linear', 'none']);
    expect(table['linear']).toEqual({
      'final test acc. %': Number((100 * sweep.rows[3]!.finalAccuracy!).toFixed(1)),
      'best %': Number((100 * sweep.rows[3]!.bestAccuracy!).toFixed(1)),
      'time s': Math.round(sweep.rows[3]!.seconds),
      'article %': 87.2,
    });
    expect(() => sweepTable(sweep, ['cosine'])).toThrow(/has no run 'cosine' \(it has none, standard/);
  });

  it('gives one curve per run', () => {
    const series = sweepSeries(sweep, 'lr', ['none']);
    expect(series).toEqual([{ name: 'none', values: sweepOutcome(sweep, 'none').history.lr }]);
    expect(series[0]!.values.every((v) => v === 0.1)).toBe(true);
  });
});

describe('a missing or broken sweep', () => {
  it('says how to make it', () => {
    expect(() => readSavedSweep(join(scratch, 'nothing'))).toThrow(/results\.json does not exist: run the sweep first/);
    writeFileSync(join(scratch, 'results.json'), '{ not json');
    expect(() => readSavedSweep(scratch)).toThrow(/cannot be read .*re-run the sweep/);
    const empty = { dir: scratch, profile: 'x', setup: readSavedSweep(SAVED).setup, seeds: [0], seconds: 0, rows: [] };
    expect(() => sweepOutcome(empty, 'linear')).toThrow(/holds no finished run of 'linear'/);
  });
});
