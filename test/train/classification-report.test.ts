import { describe, expect, it } from 'vitest';
import { formatClassificationReport } from '../../lib/train';
import { classificationReport } from '../../lib/train/classification-report';

// True:      a a a b b c          a: TP 2, predicted 2, support 3 → P 1,   R 2/3, F1 0.8
// Predicted: a a b b c c          b: TP 1, predicted 2, support 2 → P 1/2, R 1/2, F1 1/2
//                                 c: TP 1, predicted 2, support 1 → P 1/2, R 1,   F1 2/3
const report = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c']);

describe('classificationReport', () => {
  it('gives precision, recall, F1 and support per class', () => {
    const [a, b, c] = report.classes;
    expect(a).toEqual({ name: 'a', precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 12), support: 3 });
    expect(b).toEqual({ name: 'b', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(c).toEqual({ name: 'c', precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 12), support: 1 });
  });

  it('gives accuracy, macro and weighted averages', () => {
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.macro.precision).toBeCloseTo(2 / 3, 12);
    expect(report.macro.recall).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 12);
    expect(report.macro.f1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(report.weighted.precision).toBeCloseTo((3 * 1 + 2 * 0.5 + 0.5) / 6, 12);
    expect(report.weighted.recall).toBeCloseTo(4 / 6, 12);
    expect(report.weighted.f1).toBeCloseTo((3 * 0.8 + 2 * 0.5 + 2 / 3) / 6, 12);
    expect(report.weighted.support).toBe(6);
  });

  it('counts a class never predicted as precision 0 (zero_division=0)', () => {
    const r = classificationReport([0, 1], [0, 0], ['a', 'b']);
    expect(r.classes[1]).toEqual({ name: 'b', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.classes[0]).toMatchObject({ precision: 0.5, recall: 1 });
  });

  it('rejects mismatched lengths and labels out of range', () => {
    expect(() => classificationReport([0], [0, 1], ['a', 'b'])).toThrow(
      'classificationReport: yPred.length must be yTrue.length = 1 (got 2). Give one prediction per sample.',
    );
    expect(() => classificationReport([0, 2], [0, 1], ['a', 'b'])).toThrow(
      'classificationReport: yTrue[1] must be an integer in [0, 1] (got 2).',
    );
    expect(() => classificationReport([], [], ['a'])).toThrow(
      'classificationReport: yTrue.length must be an integer ≥ 1 (got 0). Give at least one sample.',
    );
  });

  it('formats as a table', () => {
    const lines = formatClassificationReport(report).split('\n');
    expect(lines[0]).toMatch(/^\s+precision\s+recall\s+f1-score\s+support$/);
    expect(lines[2]).toMatch(/^\s+a\s+1\.00\s+0\.67\s+0\.80\s+3$/);
    expect(lines.at(-3)).toMatch(/^\s+accuracy\s+0\.67\s+6$/);
    expect(lines.at(-1)).toMatch(/^weighted avg\s+0\.75\s+0\.67\s+0\.68\s+6$/);
  });
});
