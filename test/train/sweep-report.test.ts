import { describe, expect, it } from 'vitest';
import { meanBand, sweepMarkdown, sweepReport, sweepReportMarkdown, type SweepRow } from '../../lib/train';

const row = (
  schedule: string,
  seed: number,
  final: number | null,
  best: number | null,
  status: SweepRow['status'] = 'finished',
): SweepRow => ({
  schedule,
  seed,
  status,
  epochs: final === null ? 0 : 5,
  finalAccuracy: final,
  bestAccuracy: best,
  seconds: 100,
  article: schedule === 'linear' ? 0.872 : null,
});

// linear beats step by 2, 1 and 4 points at seeds 0, 1, 2; none has only seed 0; step-seed3 has not run.
const rows = [
  row('linear', 0, 0.6, 0.61),
  row('step', 0, 0.58, 0.58),
  row('none', 0, 0.55, 0.57),
  row('linear', 1, 0.62, 0.62),
  row('step', 1, 0.61, 0.63),
  row('none', 1, null, null, 'unfinished'),
  row('linear', 2, 0.64, 0.65),
  row('step', 2, 0.6, 0.6),
  row('none', 2, null, null, 'diverged'),
];
const report = sweepReport(rows, ['linear', 'step', 'none']);

describe('sweepReport', () => {
  it('gives per schedule the mean and sample sd of the final and best accuracy over the finished seeds, and each value', () => {
    const linear = report.summaries[0]!;
    expect(linear).toMatchObject({ schedule: 'linear', seeds: [0, 1, 2], article: 0.872 });
    expect(linear.final.values).toEqual([0.6, 0.62, 0.64]);
    expect(linear.final.mean).toBeCloseTo(0.62, 14);
    expect(linear.final.std).toBeCloseTo(0.02, 14); // deviations −0.02, 0, 0.02: √(0.0008 / 2)
    expect(linear.best.mean).toBeCloseTo((0.61 + 0.62 + 0.65) / 3, 14);
    expect(report.summaries[2]).toMatchObject({
      schedule: 'none',
      seeds: [0],
      final: { n: 1, mean: 0.55, std: null, values: [0.55] },
    });
  });

  it('compares each pair on the seeds both finished, the better one first', () => {
    expect(report.pairs.map((p) => `${p.better}-${p.worse}`)).toEqual(['linear-step', 'linear-none', 'step-none']);
    const linearStep = report.pairs[0]!.final;
    expect(linearStep.mean).toBeCloseTo(0.07 / 3, 14);
    expect(linearStep.ci![0]).toBeCloseTo(-0.014612497004061333, 10);
    expect(report.pairs[1]!.final).toMatchObject({ n: 1, seeds: [0], ci: null });
  });

  it('names the runs without a result, not the diverged one', () => {
    expect(report.missing).toEqual([{ schedule: 'none', seed: 1 }]);
  });
});

describe('sweepReportMarkdown', () => {
  const md = sweepReportMarkdown(report);
  it('tables mean ± sd and the values per seed', () => {
    expect(md).toContain('| linear | 0, 1, 2 | 62.0 % ± 2.0 | 62.7 % ± 2.1 | 60.0, 62.0, 64.0 | 87.2 % |');
    expect(md).toContain('| none | 0 | 55.0 % | 57.0 % | 55.0 | – |');
  });

  it('tables the paired differences with their 95 % interval and whether it excludes 0', () => {
    expect(md).toContain('| linear − step | +2.3 | [−1.5, +6.1] | 0, 1, 2 | no |');
    expect(md).toContain('| linear − none | +5.0 | – | 0 | – |');
    expect(md).toContain('of these 1, 0.05 on average would exclude 0 by chance');
  });

  it('says an interval that excludes 0 does', () => {
    const clear = sweepReport(
      [row('a', 0, 0.6, 0.6), row('b', 0, 0.5, 0.5), row('a', 1, 0.61, 0.61), row('b', 1, 0.5, 0.5)],
      ['b', 'a'],
    );
    expect(sweepReportMarkdown(clear)).toContain('| a − b | +10.5 | [+4.1, +16.9] | 0, 1 | yes |'); // 0.105 ± 12.706 · 0.005
  });

  it('names the missing runs', () => {
    expect(md).toContain('Missing (1 of 9 runs have no result yet): none-seed1.');
  });

  it('keeps the per-run table with each seed', () => {
    expect(sweepMarkdown(rows)).toContain('| none | 2 | diverged | 0 | – | – | 100 s | – |');
  });
});

describe('meanBand', () => {
  it('is the mean ± one sample sd epoch by epoch, without a band where fewer than two curves reach', () => {
    const band = meanBand([
      [0.1, 0.3, 0.5],
      [0.3, 0.5],
    ]);
    expect(band.mean).toEqual([0.2, 0.4, 0.5]);
    expect(band.upper[0]).toBeCloseTo(0.2 + Math.SQRT2 * 0.1, 14);
    expect(band.lower[1]).toBeCloseTo(0.4 - Math.SQRT2 * 0.1, 14);
    expect(band.upper[2]).toBeNaN();
  });
});
