import { describe, expect, it } from 'vitest';
import { fromConfig, type ScheduleConfig } from '../../lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ReferenceCase {
  id: string;
  source: string;
  schedule: ScheduleConfig;
  t: number[];
  rates: number[];
  tolerance: number;
}

/** Largest |ours − ref| / max(|ref|, tiny) over a case; zero-valued references are compared absolutely. */
function worstRelativeError(ours: number[], ref: number[]): { error: number; index: number } {
  let worst = { error: 0, index: -1 };
  ours.forEach((value, i) => {
    const r = ref[i]!;
    const error = Math.abs(value - r) / Math.max(Math.abs(r), 1e-12);
    if (!(error <= worst.error)) worst = { error, index: i };
  });
  return worst;
}

describe('schedules match reference vectors from PyTorch and the published Keras / optax / article formulas', () => {
  const { cases } = JSON.parse(readFileSync(join(__dirname, '../reference/schedules.json'), 'utf8')) as {
    cases: ReferenceCase[];
  };

  it('has a case for every schedule class', () => {
    const classes = new Set(cases.map((c) => c.schedule.className));
    expect([...classes].sort()).toEqual([
      'Constant',
      'CosineDecay',
      'CosineRestarts',
      'CyclicLR',
      'CyclicMomentum',
      'ExponentialDecay',
      'KerasDecay',
      'OneCycle',
      'PiecewiseConstant',
      'PiecewiseInterpolate',
      'PolynomialDecay',
      'Product',
      'Sequential',
      'StepDecay',
      'Warmup',
    ]);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const schedule = fromConfig(c.schedule);
    const ours = c.t.map((t) => schedule.at(t));
    const { error, index } = worstRelativeError(ours, c.rates);
    expect(error, `${c.source}: at t=${c.t[index]} ours ${ours[index]} vs ${c.rates[index]}`).toBeLessThanOrEqual(
      c.tolerance,
    );
  });
});
