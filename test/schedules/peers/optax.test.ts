/**
 * optax's own schedule tests, ported: optax/schedules/_schedule_test.py (google-deepmind/optax), each case named
 * `Class.test_name` as there, with the expected values as the test writes them and its tolerance (numpy's
 * `assert_allclose`: rtol 1e-7 unless the test sets it, atol as the test sets it). optax counts updates
 * (`unit: 'iteration'`).
 *
 * Out of scope: negative values (test_negative, end_value −3 in WarmupCosineDecayTest.test_with_exponent — rates are
 * ≥ 0 here), and the cases where optax turns a non-positive transition_steps or a zero decay_rate into a constant
 * (here such a parameter is an error that says so: see the last case).
 */
import { describe, expect, it } from 'vitest';
import {
  Constant,
  CosineDecay,
  ExponentialDecay,
  PiecewiseConstant,
  PiecewiseInterpolate,
  PolynomialDecay,
  type Schedule,
  Sequential,
} from '../../../lib';
import { expectAllClose, range, repeat } from './close';

const atol = (a: number, rtol = 1e-7) => ({ atol: a, rtol });
const at = (schedule: Schedule, steps: number[]): number[] => steps.map((t) => schedule.at(t));
/** optax's `polynomial_schedule(init_value, end_value, power, transition_steps, transition_begin)`. */
const polynomial = (init: number, end: number, power: number, steps: number, begin = 0) =>
  new PolynomialDecay({
    initAlpha: init,
    endAlpha: end,
    power,
    maxEpochs: steps,
    transitionBegin: begin,
    afterEnd: 'hold',
    unit: 'iteration',
  });
/** optax's `piecewise_constant_schedule(init_value, {boundary: scale})`: the scale applies from its boundary on. */
const piecewiseConstant = (init: number, boundaries: number[], scales: number[]) =>
  new PiecewiseConstant({
    boundaries,
    values: scales.reduce((v, s) => [...v, v[v.length - 1]! * s], [init]),
    atBoundary: 'next',
  });
/** optax's `warmup_cosine_decay_schedule`: decay_steps includes the warmup; alpha = end / peak (0 for a zero peak). */
const warmupCosine = (init: number, peak: number, warmupSteps: number, decaySteps: number, end = 0, exponent = 1) =>
  new CosineDecay({
    initialLr: init,
    warmupTarget: peak,
    warmupSteps,
    decaySteps: decaySteps - warmupSteps,
    alpha: peak === 0 ? 0 : end / peak,
    exponent,
  });

describe('optax _schedule_test.py', () => {
  it('ConstantTest.test_constant', () => {
    expectAllClose(new Constant({ lr: 10, unit: 'iteration' }).rates(15), repeat(10, 15), atol(1e-3));
  });

  describe('PolynomialTest', () => {
    it('test_linear', () =>
      expectAllClose(
        polynomial(10, 20, 1, 10).rates(15),
        [...range(10).map((n) => 10 + n), ...repeat(20, 5)],
        atol(1e-3),
      ));
    it('test_nonlinear', () => {
      expectAllClose(
        polynomial(25, 10, 2, 10).rates(15),
        [...range(10).map((n) => 10 + 15 * (1 - n / 10) ** 2), ...repeat(10, 5)],
        atol(1e-3),
      );
    });
    it('test_with_decay_begin', () => {
      const expected = [...repeat(30, 4), ...range(10).map((n) => 10 + 20 * (1 - n / 10) ** 2), ...repeat(10, 6)];
      expectAllClose(polynomial(30, 10, 2, 10, 4).rates(20), expected, atol(1e-3));
    });
  });

  it('PiecewiseConstantTest.test_positive', () => {
    expectAllClose(
      piecewiseConstant(0.1, [3, 6], [2, 0.5]).rates(10),
      [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1],
      atol(1e-3),
    );
  });

  describe('ExponentialTest', () => {
    const staircased = (count: number, steps: number, staircase: boolean) =>
      staircase ? Math.floor(count / steps) : count / steps;
    it.each([false, true])('test_constant_schedule (staircase %s)', (staircase) => {
      expectAllClose(
        new ExponentialDecay({ initialLr: 1, decaySteps: 15, decayRate: 1, staircase }).rates(15),
        repeat(1, 15),
        atol(1e-3),
      );
    });
    it.each([
      [false, 0],
      [true, 0],
      [false, 5],
      [true, 5],
    ] as const)('test_exponential (staircase %s, transition_begin %i)', (staircase, begin) => {
      const schedule = new ExponentialDecay({
        initialLr: 1,
        decaySteps: 2,
        decayRate: 2,
        transitionBegin: begin,
        staircase,
      });
      const expected = [...repeat(1, begin), ...range(15).map((c) => 2 ** staircased(c, 2, staircase))];
      expectAllClose(schedule.rates(15 + begin), expected, atol(1e-3));
    });
    it.each([
      [0.2, 0.1, false],
      [1.0, 0.1, false],
      [2.0, 3.0, false],
      [0.2, 0.1, true],
      [1.0, 0.1, true],
      [2.0, 3.0, true],
    ] as const)(
      'test_end_value_with_staircase (decay_rate %s, end_value %s, staircase %s)',
      (decayRate, endLr, staircase) => {
        const schedule = new ExponentialDecay({
          initialLr: 1,
          decaySteps: 2,
          decayRate,
          transitionBegin: 3,
          staircase,
          endLr,
        });
        const raw = [...repeat(1, 3), ...range(11).map((c) => decayRate ** staircased(c, 2, staircase))];
        const expected = raw.map((v) => (decayRate < 1 ? Math.max(v, endLr) : Math.min(v, endLr)));
        expectAllClose(schedule.rates(14), expected, atol(1e-3));
      },
    );
    it('test_immutable_count', () => {
      expectAllClose(
        new ExponentialDecay({ initialLr: 32, decaySteps: 1, decayRate: 0.5 }).rates(5),
        [32, 16, 8, 4, 2],
        atol(1e-3),
      );
    });
  });

  describe('CosineDecayTest', () => {
    const multipliers = (fractions: number[]) => fractions.map((f) => 0.5 + 0.5 * Math.cos(Math.PI * f));
    it('test_decay_count_smaller_count', () => {
      const expected = multipliers(range(10).map((i) => i / 10)).map((m) => 0.1 * m);
      expectAllClose(new CosineDecay({ initialLr: 0.1, decaySteps: 10 }).rates(10), expected, atol(1e-3));
    });
    it('test_decay_count_greater_count', () => {
      const expected = multipliers([0.0, 0.2, 0.4, 0.6, 0.8, ...repeat(1, 7)]).map((m) => 0.1 * m);
      expectAllClose(new CosineDecay({ initialLr: 0.1, decaySteps: 5 }).rates(12), expected, atol(1e-3));
    });
    it('test_decay_count_greater_count_with_alpha', () => {
      const expected = multipliers([0.0, 0.2, 0.4, 0.6, 0.8, ...repeat(1, 7)]).map((m) => 0.1 * (0.9 * m + 0.1));
      expectAllClose(new CosineDecay({ initialLr: 0.1, decaySteps: 5, alpha: 0.1 }).rates(12), expected, atol(1e-3));
    });
    it('test_with_exponent', () => {
      const schedule = new CosineDecay({ initialLr: 0.1, decaySteps: 100, alpha: 0.0, exponent: 2 });
      expectAllClose(
        at(schedule, [0, 10, 50, 75, 100]),
        [0.1, 0.09516553580760956, 0.025, 0.0021446612663567066, 0.0],
        atol(1e-8, 1e-6),
      );
    });
    it('test_with_giant_int_steps', () => {
      expectAllClose(
        at(new CosineDecay({ initialLr: 1000.0, decaySteps: 1e10, exponent: 1 }), [1e9]),
        [975.52826],
        atol(0),
      );
    });
  });

  describe('WarmupCosineDecayTest', () => {
    it.each([
      ['with end value', 10, 0.5, 1e-4],
      ['without end value', 5, 3, 0.0],
    ] as const)('test_limits (%s)', (_n, init, peak, end) => {
      const schedule = warmupCosine(init, peak, 100, 1000, end);
      expectAllClose(at(schedule, [0, 100]), [init, peak], atol(0));
      expectAllClose(at(schedule, [1000]), [end], atol(0, 1e-3));
    });
    it('test_zero_peak_value', () => {
      const schedule = warmupCosine(0.2, 0, 50, 100, -3.0, 2);
      expectAllClose(at(schedule, [0, 10, 50, 75, 100]), [0.2, 0.16, 0.0, 0.0, 0.0], atol(1e-8, 1e-6));
    });
  });

  it.each([
    ['with step decay', 1.6, 0.8, 0.4],
    ['without step_decay', 1.6, 1.6, 1.6],
  ] as const)(
    'SGDRTest.test_limits (%s): sgdr_schedule is a Sequential of warmup-cosine cycles',
    (_n, lr0, lr1, lr2) => {
      const cycles = [
        [2000, lr0],
        [3000, lr1],
        [5000, lr2],
      ] as const;
      const sgdr = new Sequential({
        schedules: cycles.map(([steps, peak]) => warmupCosine(0, peak, 500, steps, 0.0)),
        boundaries: [2000, 5000],
      });
      expectAllClose(at(sgdr, [500, 2500, 5500]), [lr0, lr1, lr2], atol(0));
    },
  );

  describe('PiecewiseInterpolateTest', () => {
    it('test_linear_piecewise', () => {
      const schedule = new PiecewiseInterpolate({
        anneal: 'linear',
        initialLr: 200,
        boundaries: [5, 10],
        scales: [1.5, 0.25],
      });
      expectAllClose(schedule.rates(13), [200, 220, 240, 260, 280, 300, 255, 210, 165, 120, 75, 75, 75], atol(1e-3));
    });
    it('test_cos_piecewise (its boundaries {5, 3, 7} sorted)', () => {
      const schedule = new PiecewiseInterpolate({
        anneal: 'cos',
        initialLr: 400,
        boundaries: [3, 5, 7],
        scales: [0.6, 1.2, 1.0],
      });
      expectAllClose(schedule.rates(9), [400, 360, 280, 240, 264, 288, 288, 288, 288], atol(1e-3));
    });
    it('test_empty_dict and test_no_dict', () => {
      expectAllClose(
        new PiecewiseInterpolate({ anneal: 'linear', initialLr: 13, boundaries: [], scales: [] }).rates(5),
        repeat(13, 5),
        atol(1e-3),
      );
      expectAllClose(new PiecewiseInterpolate({ anneal: 'cos', initialLr: 17 }).rates(3), repeat(17, 3), atol(1e-3));
    });
    it('test_invalid_type and test_invalid_scale', () => {
      expect(() => new PiecewiseInterpolate({ anneal: 'linar' as never, initialLr: 13 })).toThrow(
        /anneal must be one of 'cos', 'linear' \(got 'linar'\)/,
      );
      expect(
        () => new PiecewiseInterpolate({ anneal: 'linear', initialLr: 13, boundaries: [5], scales: [-3] }),
      ).toThrow(/PiecewiseInterpolate: scales\[0\] must be a finite rate ≥ 0 \(got -3\)/);
    });
    it('test_zero_interval_size', () => {
      const schedule = new PiecewiseInterpolate({
        anneal: 'linear',
        initialLr: 13,
        boundaries: [0, 5],
        scales: [2, 3],
      });
      expect(schedule.rates(6).every(Number.isFinite)).toBe(true);
      expectAllClose(at(schedule, [0, 5]), [26, 78], atol(1e-7));
    });
  });

  describe('OneCycleTest: linear_onecycle_schedule and cosine_onecycle_schedule are PiecewiseInterpolate', () => {
    it('test_linear', () => {
      // linear_onecycle_schedule(10, 1000, pct_start 0.3, pct_final 0.7, div 10, final_div 100)
      const schedule = new PiecewiseInterpolate({
        anneal: 'linear',
        initialLr: 1000 / 10,
        boundaries: [3, 7, 10],
        scales: [10, 1 / 10, 1 / 100],
      });
      expectAllClose(schedule.rates(12), [100, 400, 700, 1000, 775, 550, 325, 100, 67, 34, 1, 1], atol(1e-3));
    });
    it('test_cosine', () => {
      // cosine_onecycle_schedule(5, 1000, pct_start 0.4, div 10, final_div 100)
      const schedule = new PiecewiseInterpolate({
        anneal: 'cos',
        initialLr: 1000 / 10,
        boundaries: [2, 5],
        scales: [10, 1 / (10 * 100)],
      });
      expectAllClose(schedule.rates(7), [100, 550, 1000, 750.25, 250.75, 1, 1], atol(1e-3));
    });
  });

  describe('InjectHyperparamsTest: the schedules it injects', () => {
    it('test_updates: piecewise_constant_schedule(3.0, {2: 5, 8: 2, 13: 1.5})', () => {
      expectAllClose(
        piecewiseConstant(3, [2, 8, 13], [5, 2, 1.5]).rates(16),
        [...repeat(3, 2), ...repeat(15, 6), ...repeat(30, 5), ...repeat(45, 3)],
        atol(1e-7),
      );
    });
    it('test_hyperparams_state: piecewise_constant_schedule(0.8, {4: 0.5, 10: 1.25}) as a momentum', () => {
      expectAllClose(
        piecewiseConstant(0.8, [4, 10], [0.5, 1.25]).rates(12),
        [...repeat(0.8, 4), ...repeat(0.4, 6), ...repeat(0.5, 2)],
        atol(1e-7),
      );
    });
  });

  it('out of scope, and said so: optax makes a constant of a non-positive transition_steps or a zero decay_rate', () => {
    expect(() => polynomial(10, 20, 1, 0)).toThrow(/PolynomialDecay: maxEpochs must be a finite number > 0 \(got 0\)/);
    expect(() => new ExponentialDecay({ initialLr: 1, decaySteps: 2, decayRate: 0 })).toThrow(
      /decayRate must be a finite number > 0/,
    );
  });
});
