/**
 * Per-class precision, recall, F1 and support with accuracy and macro / weighted averages, as scikit-learn's
 * `classification_report`. Pure.
 *
 * Precision is TP / (TP + FP) and recall TP / (TP + FN); a ratio with a zero denominator counts as 0 (sklearn's
 * `zero_division=0`, with its warning left out). F1 is their harmonic mean (0 when both are 0). The macro average
 * is the plain mean over classes, the weighted average the mean weighted by support.
 */
import { checkIntegerFrom, checkIntegerIn, checkThat } from '../schedules/validate';

/** The scores of one class, or an average. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class (of all samples, for the averages). */
  support: number;
}

/** The report: one row per class, then accuracy and the two averages. */
export interface ClassificationReport {
  classes: ({ name: string } & ClassScores)[];
  accuracy: number;
  /** Number of samples. */
  support: number;
  macro: ClassScores;
  weighted: ClassScores;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/**
 * The report of predicted labels `yPred` against true labels `yTrue` (integers in [0, classNames.length)).
 * Throws when the lengths differ, there are no samples, or a label is out of range.
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  classNames: readonly string[],
): ClassificationReport {
  const n = yTrue.length;
  checkThat(
    yPred.length === n,
    'classificationReport',
    'yPred.length',
    `yTrue.length = ${n}`,
    yPred.length,
    'Give one prediction per sample.',
  );
  checkIntegerFrom('classificationReport', 'yTrue.length', n, 1, 'Give at least one sample.');
  const k = classNames.length;
  const tp = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  const support = new Array<number>(k).fill(0);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    for (const [name, label] of [
      ['yTrue', t],
      ['yPred', p],
    ] as const)
      checkIntegerIn('classificationReport', `${name}[${i}]`, label, [0, k - 1]);
    support[t]!++;
    predicted[p]!++;
    if (t === p) {
      tp[t]!++;
      correct++;
    }
  }
  const classes = classNames.map((name, c) => {
    const precision = ratio(tp[c]!, predicted[c]!);
    const recall = ratio(tp[c]!, support[c]!);
    return { name, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support: support[c]! };
  });
  const average = (weight: (row: ClassScores) => number): ClassScores => {
    const total = classes.reduce((s, row) => s + weight(row), 0);
    const mean = (key: 'precision' | 'recall' | 'f1'): number =>
      ratio(
        classes.reduce((s, row) => s + weight(row) * row[key], 0),
        total,
      );
    return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: n };
  };
  return {
    classes,
    accuracy: correct / n,
    support: n,
    macro: average(() => 1),
    weighted: average((row) => row.support),
  };
}

/**
 * The report as sklearn prints it: right-aligned columns, scores with `digits` decimals (default 2).
 *
 * @example
 * const scores = (precision: number, recall: number, support: number) =>
 *   ({ precision, recall, f1: (2 * precision * recall) / (precision + recall), support });
 * const text = formatClassificationReport({
 *   classes: [{ name: 'cat', ...scores(0.5, 1, 1) }, { name: 'dog', ...scores(1, 0.5, 2) }],
 *   accuracy: 2 / 3, support: 3, macro: scores(0.75, 0.75, 3), weighted: scores(5 / 6, 2 / 3, 3),
 * });
 * console.log(text); // as scikit-learn's classification_report prints it
 * assert.match(text, /^\s+precision\s+recall\s+f1-score\s+support/);
 * assert.match(text, /accuracy\s+0\.67\s+3/);
 */
export function formatClassificationReport(report: ClassificationReport, digits = 2): string {
  const width = Math.max('weighted avg'.length, ...report.classes.map((c) => c.name.length));
  const col = Math.max(digits + 2, 'precision'.length) + 1;
  const num = (v: number): string => v.toFixed(digits).padStart(col);
  const row = (name: string, s: ClassScores): string =>
    `${name.padStart(width)}${num(s.precision)}${num(s.recall)}${num(s.f1)}${String(s.support).padStart(col)}`;
  return [
    `${''.padStart(width)}${'precision'.padStart(col)}${'recall'.padStart(col)}${'f1-score'.padStart(col)}${'support'.padStart(col)}`,
    '',
    ...report.classes.map((c) => row(c.name, c)),
    '',
    `${'accuracy'.padStart(width)}${''.padStart(2 * col)}${num(report.accuracy)}${String(report.support).padStart(col)}`,
    row('macro avg', report.macro),
    row('weighted avg', report.weighted),
  ].join('\n');
}
