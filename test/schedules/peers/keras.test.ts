/**
 * Keras' own schedule tests, ported: keras/src/optimizers/schedules/learning_rate_schedule_test.py (keras-team/keras),
 * each case named `Class.test_name` as there, with the expected values written as the test writes them. Keras'
 * `assertAllClose(x1, x2, atol=1e-6, rtol=1e-6)` is the tolerance throughout.
 *
 * Keras' schedules count batch updates (`unit: 'iteration'`, the default of the Keras-named classes here).
 */
import { describe, expect, it } from 'vitest';
import {
  CosineDecay,
  CosineRestarts,
  ExponentialDecay,
  fromConfig,
  KerasDecay,
  PiecewiseConstant,
  PolynomialDecay,
  type Schedule,
} from '../../../lib';
import { expectAllClose, range } from './close';

const KERAS = { atol: 1e-6, rtol: 1e-6 };
const at = (schedule: Schedule, steps: number[]): number[] => steps.map((t) => schedule.at(t));
/** Keras' `PolynomialDecay(initial, decay_steps, end, power, cycle)`: it holds the end rate, or cycles, past decay_steps. */
const kerasPolynomial = (initAlpha: number, maxEpochs: number, endAlpha = 1e-4, power = 1, cycle = false) =>
  new PolynomialDecay({ initAlpha, maxEpochs, endAlpha, power, afterEnd: cycle ? 'cycle' : 'hold', unit: 'iteration' });

describe('Keras learning_rate_schedule_test.py', () => {
  it('ExponentialDecayTest.test_continuous', () => {
    expectAllClose(
      at(new ExponentialDecay({ initialLr: 0.05, decaySteps: 10, decayRate: 0.96 }), [5]),
      [0.05 * 0.96 ** (5.0 / 10.0)],
      KERAS,
    );
  });

  it('ExponentialDecayTest.test_staircase (and test_variables, the same values)', () => {
    const decayed = new ExponentialDecay({ initialLr: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
    expectAllClose(at(decayed, [1, 2, 100]), [0.1, 0.1, 0.1 * 0.96 ** Math.floor(100 / 3)], KERAS);
  });

  it('PiecewiseConstantDecayTest.test_piecewise_values (step -999 left out: steps here are ≥ 0)', () => {
    const decayed = new PiecewiseConstant({ boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] });
    expectAllClose(at(decayed, [100, 105, 110, 120, 999]), [1.0, 0.1, 0.1, 0.01, 0.001], KERAS);
    expect(() => decayed.at(-999)).toThrow(/the step must be an integer ≥ 0/);
  });

  it('PiecewiseConstantDecayTest.test_boundary_values', () => {
    const decayed = new PiecewiseConstant({ boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7] });
    expectAllClose(at(decayed, [0, 1, 2, 3, 4]), [0.4, 0.4, 0.5, 0.6, 0.7], KERAS);
  });

  describe('LinearDecayTest (PolynomialDecay, power 1)', () => {
    const [lr, endLr] = [0.05, 0.001];
    it('test_halfway', () => expectAllClose(at(kerasPolynomial(lr, 10, 0.0), [5]), [lr * 0.5], KERAS));
    it('test_end', () => expectAllClose(at(kerasPolynomial(lr, 10, endLr), [10]), [endLr], KERAS));
    it('test_halfway_with_end', () =>
      expectAllClose(at(kerasPolynomial(lr, 10, endLr), [5]), [(lr + endLr) * 0.5], KERAS));
    it('test_beyond_end', () => expectAllClose(at(kerasPolynomial(lr, 10, endLr), [15]), [endLr], KERAS));
    it('test_beyond_end_with_cycle', () => {
      expectAllClose(at(kerasPolynomial(lr, 10, endLr, 1, true), [15]), [(lr - endLr) * 0.25 + endLr], KERAS);
    });
  });

  describe('SqrtDecayTest (PolynomialDecay, power 0.5)', () => {
    const [lr, endLr, power] = [0.05, 0.001, 0.5];
    it('test_halfway', () => expectAllClose(at(kerasPolynomial(lr, 10, 0.0, power), [5]), [lr * 0.5 ** power], KERAS));
    it('test_end', () => expectAllClose(at(kerasPolynomial(lr, 10, endLr, power), [10]), [endLr], KERAS));
    it('test_halfway_with_end', () => {
      expectAllClose(at(kerasPolynomial(lr, 10, endLr, power), [5]), [(lr - endLr) * 0.5 ** power + endLr], KERAS);
    });
    it('test_beyond_end', () => expectAllClose(at(kerasPolynomial(lr, 10, endLr, power), [15]), [endLr], KERAS));
    it('test_beyond_end_with_cycle', () => {
      expectAllClose(
        at(kerasPolynomial(lr, 10, endLr, power, true), [15]),
        [(lr - endLr) * 0.25 ** power + endLr],
        KERAS,
      );
    });
    it('test_begin_with_cycle (Keras’ default end rate 1e-4)', () => {
      expectAllClose(at(kerasPolynomial(0.001, 10, undefined, 1, true), [0]), [0.001], KERAS);
    });
  });

  it('InverseTimeDecayTest.test_decay: KerasDecay with decay = decay_rate / decay_steps', () => {
    const [initialLr, k, decayRate] = [0.1, 10, 0.96];
    const decayed = new KerasDecay({ initialLr, decay: decayRate / k });
    expectAllClose(
      at(decayed, range(k + 1)),
      range(k + 1).map((i) => initialLr / (1 + (i / k) * decayRate)),
      KERAS,
    );
  });

  it('InverseTimeDecayTest.test_staircase: staircaseSteps = decay_steps', () => {
    const [initialLr, k, decayRate] = [0.1, 10, 0.96];
    const decayed = new KerasDecay({ initialLr, decay: decayRate / k, staircaseSteps: k });
    expectAllClose(
      at(decayed, range(k + 1)),
      range(k + 1).map((i) => initialLr / (1 + decayRate * Math.floor(i / k))),
      KERAS,
    );
  });

  describe('CosineDecayTest', () => {
    const npCosineDecay = (step: number, decaySteps: number, alpha = 0.0) => {
      const completed = Math.min(step, decaySteps) / decaySteps;
      return (1.0 - alpha) * 0.5 * (1.0 + Math.cos(Math.PI * completed)) + alpha;
    };
    const linearWarmup = (step: number, warmupSteps: number, initialLr: number, targetLr: number) =>
      (step / warmupSteps) * (targetLr - initialLr);
    const steps = (end: number) => range(end / 250).map((i) => i * 250);

    it('test_decay (and test_float64, the same values)', () => {
      const decayed = new CosineDecay({ initialLr: 1.0, decaySteps: 1000 });
      expectAllClose(
        at(decayed, steps(1500)),
        steps(1500).map((s) => npCosineDecay(s, 1000)),
        KERAS,
      );
    });
    it('test_warmup', () => {
      const lr = new CosineDecay({ initialLr: 0.0, decaySteps: 10, warmupTarget: 10.0, warmupSteps: 1500 });
      expectAllClose(
        at(lr, steps(1500)),
        steps(1500).map((s) => linearWarmup(s, 1500, 0.0, 10.0)),
        KERAS,
      );
    });
    it('test_alpha', () => {
      const decayed = new CosineDecay({ initialLr: 1.0, decaySteps: 1000, alpha: 0.1 });
      expectAllClose(
        at(decayed, steps(1500)),
        steps(1500).map((s) => npCosineDecay(s, 1000, 0.1)),
        KERAS,
      );
    });
    it('test_warmup_decay', () => {
      const lr = new CosineDecay({ initialLr: 0.0, decaySteps: 1000, warmupTarget: 10.0, warmupSteps: 2000 });
      const expected = steps(3000).map((s) =>
        s < 2001 ? linearWarmup(s, 2000, 0.0, 10.0) : 10.0 * npCosineDecay(s - 2000, 1000),
      );
      expectAllClose(at(lr, steps(3000)), expected, KERAS);
    });
  });

  describe('CosineDecayRestartsTest', () => {
    const npCosineDecayRestarts = (step: number, decaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0) => {
      let fac = 1.0;
      while (step >= decaySteps) {
        step -= decaySteps;
        decaySteps *= tMul;
        fac *= mMul;
      }
      return (1.0 - alpha) * fac * 0.5 * (1.0 + Math.cos((Math.PI * step) / decaySteps)) + alpha;
    };
    const steps = range(6).map((i) => i * 250);
    it.each([
      ['test_decay (and test_float64)', {}, {}],
      ['test_alpha', { alpha: 0.1 }, { alpha: 0.1 }],
      ['test_mmul', { mMul: 0.9 }, { mMul: 0.9 }],
      ['test_tmul', { tMul: 1.0 }, { tMul: 1.0 }],
    ] as const)('%s', (_name, options, numpy: { tMul?: number; mMul?: number; alpha?: number }) => {
      const decayed = new CosineRestarts({ initialLr: 1.0, firstDecaySteps: 1000, ...options });
      expectAllClose(
        at(decayed, steps),
        steps.map((s) => npCosineDecayRestarts(s, 1000, numpy.tMul, numpy.mMul, numpy.alpha)),
        KERAS,
      );
    });
  });

  it.each([
    [
      'ExponentialDecayTest.test_config',
      new ExponentialDecay({ initialLr: 0.05, decaySteps: 10, decayRate: 0.96, staircase: true }),
    ],
    ['PiecewiseConstantDecayTest.test_config', new PiecewiseConstant({ boundaries: [10, 20], values: [1, 2, 3] })],
    ['InverseTimeDecayTest.test_config', new KerasDecay({ initialLr: 0.05, decay: 0.96 / 10, staircaseSteps: 10 })],
    ['LinearDecayTest.test_config', kerasPolynomial(0.1, 100, 0.005, 1.0, false)],
    [
      'CosineDecayTest.test_config',
      new CosineDecay({ initialLr: 0.05, decaySteps: 10, alpha: 0.1, warmupTarget: 0.2, warmupSteps: 2 }),
    ],
    [
      'CosineDecayRestartsTest.test_config',
      new CosineRestarts({ initialLr: 0.05, firstDecaySteps: 10, alpha: 0.1, tMul: 3.0, mMul: 4.0 }),
    ],
  ])('%s: the config rebuilds the same schedule', (_name, schedule) => {
    const rebuilt = fromConfig(JSON.parse(JSON.stringify(schedule.toConfig())));
    expect(rebuilt.toConfig()).toEqual(schedule.toConfig());
    expect(rebuilt.rates(30)).toEqual(schedule.rates(30));
  });
});
