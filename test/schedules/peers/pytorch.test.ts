/**
 * PyTorch's own scheduler tests, ported: test/optim/test_lrscheduler.py (pytorch/pytorch), each case named
 * `test_name` as there, with the targets written as the test writes them and its tolerance (`assertEqual(...,
 * atol=1e-5, rtol=0)`). The test's optimizer has two parameter groups, at 0.05 and 0.5: each case checks both.
 *
 * PyTorch's `_test` reads the rate before each `scheduler.step()`: target[t] is the rate of step t here.
 * ReduceLROnPlateau's cases are in test/tfjs/reduce-lr-on-plateau.test.ts (it is a callback here).
 */
import { describe, it } from 'vitest';
import {
  Constant,
  CosineDecay,
  CosineRestarts,
  CyclicLR,
  CyclicMomentum,
  ExponentialDecay,
  OneCycle,
  PiecewiseConstant,
  PolynomialDecay,
  Product,
  type Schedule,
  Sequential,
} from '../../../lib';
import { expectAllClose, range, repeat } from './close';

const TORCH = { atol: 1e-5, rtol: 0 };
/** The two parameter groups of the test's optimizer. */
const GROUPS = [0.05, 0.5];
const epochs = 10;

/** Checks `make(baseLr)` against each group's targets: `targets(0.05)` and `targets(0.5)`. */
function check(make: (lr: number) => Schedule, targets: (lr: number) => number[]): void {
  for (const lr of GROUPS) {
    const expected = targets(lr);
    expectAllClose(make(lr).rates(expected.length), expected, TORCH);
  }
}

// PyTorch's forms, in this library's classes (docs/migration.md).
const stepLR = (lr: number, stepSize: number, gamma: number) =>
  new ExponentialDecay({ initialLr: lr, decaySteps: stepSize, decayRate: gamma, staircase: true, unit: 'epoch' });
const multiStepLR = (lr: number, milestones: number[], gamma: number) =>
  new PiecewiseConstant({
    boundaries: milestones,
    values: [0, ...milestones].map((_, k) => lr * gamma ** k),
    atBoundary: 'next',
    unit: 'epoch',
  });
const exponentialLR = (lr: number, gamma: number) =>
  new ExponentialDecay({ initialLr: lr, decaySteps: 1, decayRate: gamma, unit: 'epoch' });
const constantLR = (lr: number, factor: number, totalIters = 5) =>
  new PiecewiseConstant({ boundaries: [totalIters], values: [lr * factor, lr], atBoundary: 'next', unit: 'epoch' });
const linearLR = (lr: number, startFactor: number, endFactor: number, totalIters: number) =>
  new PolynomialDecay({
    initAlpha: lr * startFactor,
    endAlpha: lr * endFactor,
    maxEpochs: totalIters,
    power: 1,
    afterEnd: 'hold',
  });
const polynomialLR = (lr: number, totalIters: number, power: number) =>
  new PolynomialDecay({ initAlpha: lr, maxEpochs: totalIters, power, afterEnd: 'hold' });
const cosineAnnealingLR = (lr: number, tMax: number, etaMin: number) =>
  new CosineDecay({ initialLr: lr, decaySteps: tMax, alpha: etaMin / lr, afterEnd: 'continue', unit: 'epoch' });
/** A factor schedule (initial rate 1) for `Product`. */
const factor = <A extends unknown[]>(make: (lr: number, ...rest: A) => Schedule, ...rest: A) => make(1, ...rest);
const chained = (...schedules: Schedule[]) => new Product({ schedules });

describe('PyTorch test_lrscheduler.py: single schedulers', () => {
  it('test_step_lr (and test_get_last_lr_step_lr, test_closed_form_step_lr: the same rates)', () => {
    check(
      (lr) => stepLR(lr, 3, 0.1),
      (lr) => [...repeat(lr, 3), ...repeat(lr * 0.1, 3), ...repeat(lr * 0.01, 3), lr * 0.001],
    );
  });
  it('test_multi_step_lr (and _with_epoch, test_get_last_lr_multi_step_lr)', () => {
    check(
      (lr) => multiStepLR(lr, [2, 5, 9], 0.1),
      (lr) => [...repeat(lr, 2), ...repeat(lr * 0.1, 3), ...repeat(lr * 0.01, 4), lr * 0.001],
    );
  });
  it('test_constantlr (and _with_epoch, test_get_last_lr_constantlr)', () => {
    check(
      (lr) => constantLR(lr, 1.0 / 2, 5),
      (lr) => [...repeat(lr / 2, 5), ...repeat(lr, 5)],
    );
  });
  it('test_linearlr (and _with_epoch)', () => {
    const [startFactor, iters] = [1.0 / 2, 4];
    const interpolation = range(iters).map((i) => startFactor + (i * (1 - startFactor)) / iters);
    check(
      (lr) => linearLR(lr, startFactor, 1, iters),
      (lr) => [...interpolation.map((x) => x * lr), ...repeat(lr, epochs - iters)],
    );
  });
  it('test_get_last_lr_linearlr', () => {
    const [startFactor, endFactor, iters] = [1.0 / 4, 3.0 / 5, 4];
    const interpolation = range(iters).map((i) => startFactor + (i * (endFactor - startFactor)) / iters);
    check(
      (lr) => linearLR(lr, startFactor, endFactor, iters),
      (lr) => [...interpolation.map((x) => x * lr), ...repeat(lr * endFactor, epochs - iters)],
    );
  });
  it('test_exp_lr', () => {
    check(
      (lr) => exponentialLR(lr, 0.9),
      (lr) => range(epochs).map((x) => lr * 0.9 ** x),
    );
  });
  it('test_multiplicative_lr (a constant factor per group: 0.9 and 0.8)', () => {
    expectAllClose(
      exponentialLR(0.05, 0.9).rates(epochs),
      range(epochs).map((x) => 0.05 * 0.9 ** x),
      TORCH,
    );
    expectAllClose(
      exponentialLR(0.4, 0.8).rates(epochs),
      range(epochs).map((x) => 0.4 * 0.8 ** x),
      TORCH,
    );
  });
  it('test_poly_lr', () => {
    const [power, totalIters] = [0.9, 5];
    check(
      (lr) => polynomialLR(lr, totalIters, power),
      (lr) => [
        ...range(totalIters).map((x) => (1.0 - x / totalIters) ** power * lr),
        ...repeat(0.0, epochs - totalIters),
      ],
    );
  });
  it('test_cos_anneal_lr', () => {
    const etaMin = 1e-10;
    check(
      (lr) => cosineAnnealingLR(lr, epochs, etaMin),
      (lr) => range(epochs).map((x) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * x) / epochs))) / 2),
    );
  });
});

describe('PyTorch test_lrscheduler.py: SequentialLR', () => {
  it('test_sequentiallr1', () => {
    const seq = new Sequential({ schedules: [exponentialLR(0.05, 0.8), stepLR(0.05, 4, 0.1)], boundaries: [3] });
    const targets = [
      0.05,
      0.04,
      0.032,
      ...repeat(0.05, 4),
      ...repeat(0.05 * 0.1, 4),
      ...repeat(0.05 * 0.01, 4),
      ...repeat(0.05 * 0.001, 4),
    ];
    expectAllClose(seq.rates(19), targets, TORCH);
  });
  it('test_sequentiallr2', () => {
    const seq = new Sequential({
      schedules: [new Constant({ lr: 0.05 * 0.1 }), exponentialLR(0.05, 0.9)],
      boundaries: [3],
    });
    expectAllClose(seq.rates(13), [0.005, 0.005, 0.005, ...range(10).map((x) => 0.05 * 0.9 ** x)], TORCH);
  });
  it('test_sequentiallr3 (and test_get_last_lr_sequentiallr)', () => {
    check(
      (lr) =>
        new Sequential({
          schedules: [new Constant({ lr: lr * 0.1 }), exponentialLR(lr, 0.8), stepLR(lr, 2, 0.1)],
          boundaries: [3, 6],
        }),
      (lr) => [...repeat(lr * 0.1, 3), lr, lr * 0.8, lr * 0.64, lr, lr, lr * 0.1, lr * 0.1, lr * 0.01, lr * 0.01],
    );
  });
  it('test_sequentiallr5: a ChainedScheduler inside a SequentialLR', () => {
    const seq = new Sequential({
      schedules: [chained(linearLR(0.05, 0.1, 1, 5), factor(constantLR, 0.1, 5)), constantLR(0.05, 0.5, 5)],
      boundaries: [5],
    });
    expectAllClose(seq.rates(10), [0.0005, 0.0014, 0.0023, 0.0032, 0.0041, ...repeat(0.025, 5)], TORCH);
  });
});

describe('PyTorch test_lrscheduler.py: ChainedScheduler, and schedulers stepped together (test_compound_*)', () => {
  const cosine = (lr: number) =>
    range(epochs).map((x) => 1e-10 + ((lr - 1e-10) * (1 + Math.cos((Math.PI * x) / epochs))) / 2);
  it('test_chained_lr1: one scheduler is itself', () => {
    expectAllClose(
      stepLR(0.05, 3, 0.1).rates(10),
      [...repeat(0.05, 3), ...repeat(0.005, 3), ...repeat(0.0005, 3), 0.00005],
      TORCH,
    );
  });
  it('test_chained_lr2: one scheduler is itself', () => {
    expectAllClose(linearLR(0.05, 0.4, 1, 3).rates(10), [0.02, 0.03, 0.04, ...repeat(0.05, 7)], TORCH);
  });
  it('test_chained_lr3', () => {
    const product = chained(linearLR(0.05, 0.4, 1, 3), factor(multiStepLR, [4, 8, 10], 0.1));
    expectAllClose(product.rates(10), [0.02, 0.03, 0.04, 0.05, ...repeat(0.005, 4), 0.0005, 0.0005], TORCH);
  });
  it('test_chained_lr4', () => {
    const product = chained(exponentialLR(0.05, 0.9), factor(constantLR, 0.2, 4), factor(stepLR, 3, 0.1));
    const targets = [
      ...range(3).map((x) => 0.05 * 0.2 * 0.9 ** x),
      0.05 * 0.2 * 0.9 ** 3 * 0.1,
      ...[4, 5].map((x) => 0.05 * 0.9 ** x * 0.1),
      ...[6, 7, 8].map((x) => 0.05 * 0.9 ** x * 0.01),
    ];
    expectAllClose(product.rates(9), targets, TORCH);
  });
  it('test_chained_lr5', () => {
    const polyLr = (lr: number) => [...range(5).map((x) => lr * (1.0 - x / 5) ** 0.9), ...repeat(0.0, epochs - 5)];
    check(
      (lr) => chained(polynomialLR(lr, 5, 0.9), factor(constantLR, 0.1)),
      (lr) => polyLr(lr).map((x) => x * 0.1),
    );
  });
  it('test_compound_step_and_multistep_lr', () => {
    const product = chained(stepLR(0.05, 3, 0.1), factor(multiStepLR, [2, 5, 9], 0.1));
    expectAllClose(
      product.rates(10),
      [...repeat(0.05, 2), 0.005, ...repeat(5e-4, 2), 5e-5, ...repeat(5e-6, 3), 5e-8],
      TORCH,
    );
  });
  it('test_compound_step_and_exp_lr', () => {
    check(
      (lr) => chained(stepLR(lr, 3, 0.1), factor(exponentialLR, 0.9)),
      (lr) =>
        range(12)
          .map((x) => lr * 0.1 ** Math.floor(x / 3) * 0.9 ** x)
          .slice(0, epochs),
    );
  });
  it('test_compound_exp_and_multistep_lr', () => {
    const multipliers = [...repeat(1, 2), ...repeat(0.1, 3), ...repeat(0.01, 4), 0.001];
    check(
      (lr) => chained(multiStepLR(lr, [2, 5, 9], 0.1), factor(exponentialLR, 0.9)),
      (lr) => range(epochs).map((x) => lr * multipliers[x]! * 0.9 ** x),
    );
  });
  it('test_compound_exp_and_linearlr', () => {
    const [iters, startFactor, endFactor] = [4, 0.4, 0.9];
    const targets = (lr: number) =>
      range(epochs).map(
        (i) => lr * 0.9 ** i * (i < iters ? startFactor + (i / iters) * (endFactor - startFactor) : endFactor),
      );
    check((lr) => chained(linearLR(lr, startFactor, endFactor, iters), factor(exponentialLR, 0.9)), targets);
  });
  it('test_compound_step_and_constantlr', () => {
    check(
      (lr) => chained(stepLR(lr, 3, 0.1), factor(constantLR, 0.4, 4)),
      (lr) => [...repeat(lr * 0.4, 3), lr * 0.1 * 0.4, ...repeat(lr * 0.1, 2), ...repeat(lr * 0.01, 3), lr * 0.001],
    );
  });
  it('test_compound_linearlr_and_multistep_lr', () => {
    const multipliers = [...repeat(1, 2), ...repeat(0.1, 3), ...repeat(0.01, 4), 0.001];
    check(
      (lr) => chained(multiStepLR(lr, [2, 5, 9], 0.1), factor(linearLR, 0.4, 1, 4)),
      (lr) => range(epochs).map((i) => lr * multipliers[i]! * (i < 4 ? 0.4 + (i / 4) * (1 - 0.4) : 1)),
    );
  });
  it('test_compound_cosanneal_and_step_lr', () => {
    check(
      (lr) => chained(cosineAnnealingLR(lr, epochs, 1e-10), factor(stepLR, 3, 0.1)),
      (lr) => cosine(lr).map((x, i) => x * 0.1 ** Math.floor(i / 3)),
    );
  });
  it('test_compound_cosanneal_and_multistep_lr', () => {
    const multipliers = [...repeat(1, 2), ...repeat(0.1, 3), ...repeat(0.01, 4), 0.001];
    check(
      (lr) => chained(cosineAnnealingLR(lr, epochs, 1e-10), factor(multiStepLR, [2, 5, 9], 0.1)),
      (lr) => cosine(lr).map((x, i) => x * multipliers[i]!),
    );
  });
  it('test_compound_cosanneal_and_linearlr', () => {
    check(
      (lr) => chained(factor(linearLR, 0.4, 1, 4), cosineAnnealingLR(lr, epochs, 1e-10)),
      (lr) => cosine(lr).map((x, i) => x * (i < 4 ? 0.4 + (i / 4) * (1 - 0.4) : 1)),
    );
  });
  it('test_compound_cosanneal_and_exp_lr', () => {
    check(
      (lr) => chained(cosineAnnealingLR(lr, epochs, 1e-10), factor(exponentialLR, 0.1)),
      (lr) => cosine(lr).map((x, i) => x * 0.1 ** i),
    );
  });
});

describe('PyTorch test_lrscheduler.py: CosineAnnealingWarmRestarts, fractional epochs as iterations', () => {
  const target = (lr: number, tCur: number, tI: number) =>
    1e-10 + ((lr - 1e-10) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2;
  const restarts = (lr: number, firstDecaySteps: number, tMul: number) =>
    new CosineRestarts({ initialLr: lr, firstDecaySteps, tMul, alpha: 1e-10 / lr });

  it.each([1, 2, 4])('test_CosineAnnealingWarmRestarts_lr1 (T_mult=%i)', (tMult) => {
    const targets = (lr: number) => {
      let [tI, tCur] = [10, 0];
      const out = [lr];
      for (let i = 1; i < 100; i += 1) {
        tCur += 1;
        if (tCur >= tI) [tCur, tI] = [tCur - tI, tMult * tI];
        out.push(target(lr, tCur, tI));
      }
      return out;
    };
    check((lr) => restarts(lr, 10, tMult), targets);
  });

  it.each([1, 2, 4])(
    'test_CosineAnnealingWarmRestarts_lr2 (T_mult=%i): epochs in steps of 0.1 are iterations at 10 per epoch',
    (tMult) => {
      const targets = (lr: number) => {
        let [tI, tCur] = [10, 0];
        const out = [lr];
        for (let i = 1; i < 300; i += 1) {
          tCur = Math.round((tCur + 0.1) * 10) / 10;
          if (tCur >= tI) [tCur, tI] = [tCur - tI, tMult * tI];
          out.push(target(lr, tCur, tI));
        }
        return out;
      };
      check((lr) => restarts(lr, 100, tMult), targets);
    },
  );

  it.each([
    [1, [0, 1, 2, 3, 4, 5, 12, 27, 3, 4, 5, 6, 13], [1, 2, 3, 4, 5, 2, 7, 3, 4, 5, 6, 3], repeat(10, 12)],
    [
      2,
      [0, 1, 2, 3, 4, 5, 25, 32, 33, 34, 80, 81, 3],
      [1, 2, 3, 4, 5, 15, 2, 3, 4, 10, 11, 3],
      [10, 10, 10, 10, 10, 20, 40, 40, 40, 80, 80, 10],
    ],
    [
      3,
      [0, 0.1, 0.2, 0.3, 1.3, 2.3, 17.5, 18.5, 19.5, 29.5, 30.5, 31.5, 50],
      [0.1, 0.2, 0.3, 1.3, 2.3, 7.5, 8.5, 9.5, 19.5, 20.5, 21.5, 10],
      [10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 30, 90],
    ],
  ])(
    'test_CosineAnnealingWarmRestarts_lr3 (T_mult=%i): epochs out of order, read at epoch × 10 iterations',
    (tMult, epochList, tCurs, tIs) => {
      for (const lr of GROUPS) {
        const schedule = restarts(lr, 100, tMult);
        const ours = epochList.map((e) => schedule.at(Math.round(e * 10)));
        expectAllClose(ours, [lr, ...tCurs.map((tCur, i) => target(lr, tCur, tIs[i]!))], TORCH);
      }
    },
  );
});

describe('PyTorch test_lrscheduler.py: CyclicLR and OneCycleLR, rate and momentum', () => {
  /** PyTorch's test cycles the momentum between the same bounds as the rate. */
  const checkCycle = (
    schedule: CyclicLR | OneCycle,
    lrTarget: number[],
    momentumTarget: number[],
    baseMomentum: number,
    maxMomentum: number,
  ) => {
    expectAllClose(schedule.rates(lrTarget.length), lrTarget, TORCH);
    expectAllClose(
      new CyclicMomentum({ schedule, baseMomentum, maxMomentum }).rates(momentumTarget.length),
      momentumTarget,
      TORCH,
    );
  };
  const triangular = [1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3];
  const triangular2 = [1, 2, 3, 4, 5, 4, 3, 2, 1, 1.5, 2.0, 2.5, 3.0, 2.5, 2.0, 1.5, 1, 1.25, 1.5, 1.75, 2.0, 1.75];
  const triangular2Momentum = [
    5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 3.0, 4.0, 5.0, 4.5, 4.0, 3.5, 3.0, 3.5, 4.0, 4.5, 5.0, 4.75, 4.5, 4.25, 4.0, 4.25,
  ];
  const expRange = (xs: number[], base: number, max: number) => ({
    lr: xs.map((x, i) => base + x * (max - base) * 0.9 ** i),
    momentum: xs.map((x, i) => max - x * (max - base) * 0.9 ** i),
  });

  it.each([[0], [1]])('test_cycle_lr_triangular_mode_one_lr / test_cycle_lr_triangular_mode (group offset %i)', (d) => {
    const cyclic = new CyclicLR({ baseLr: 1 + d, maxLr: 5 + d, stepSize: 4 });
    checkCycle(
      cyclic,
      triangular.map((x) => x + d),
      [5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3].map((x) => x + d),
      1 + d,
      5 + d,
    );
  });
  it('test_cycle_lr_triangular_mode_one_lr_no_momentum: the rate alone', () => {
    expectAllClose(new CyclicLR({ baseLr: 1, maxLr: 5, stepSize: 4 }).rates(11), triangular, TORCH);
  });
  it.each([[0], [2]])(
    'test_cycle_lr_triangular2_mode_one_lr / test_cycle_lr_triangular2_mode (group offset %i)',
    (d) => {
      const cyclic = new CyclicLR({ baseLr: 1 + d, maxLr: 5 + d, stepSize: 4, mode: 'triangular2' });
      checkCycle(
        cyclic,
        triangular2.map((x) => x + d),
        triangular2Momentum.map((x) => x + d),
        1 + d,
        5 + d,
      );
    },
  );
  it.each([
    [1, 5],
    [5, 12],
  ])('test_cycle_lr_exp_range_mode_one_lr / test_cycle_lr_exp_range_mode (base %i, max %i)', (base, max) => {
    const { lr, momentum } = expRange([0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25, 0.5, 0.75, 1], base, max);
    checkCycle(
      new CyclicLR({ baseLr: base, maxLr: max, stepSize: 4, mode: 'exp_range', gamma: 0.9 }),
      lr,
      momentum,
      base,
      max,
    );
  });
  it('test_cycle_lr_triangular_mode_step_size_up_down', () => {
    checkCycle(
      new CyclicLR({ baseLr: 1, maxLr: 5, stepSize: 4, stepSizeDown: 6 }),
      [1.0, 2.0, 3.0, 4.0, 5.0, 13.0 / 3, 11.0 / 3, 9.0 / 3, 7.0 / 3, 5.0 / 3, 1.0],
      [5.0, 4.0, 3.0, 2.0, 1.0, 5.0 / 3, 7.0 / 3, 3.0, 11.0 / 3, 13.0 / 3, 5.0],
      1,
      5,
    );
  });
  it.each([[0], [2]])('test_cycle_lr_triangular2_mode_step_size_up_down (group offset %i)', (d) => {
    const lr = [
      1.0,
      3.0,
      5.0,
      13.0 / 3,
      11.0 / 3,
      9.0 / 3,
      7.0 / 3,
      5.0 / 3,
      1.0,
      2.0,
      3.0,
      8.0 / 3,
      7.0 / 3,
      6.0 / 3,
      5.0 / 3,
      4.0 / 3,
      1.0,
      3.0 / 2,
      2.0,
      11.0 / 6,
      10.0 / 6,
      9.0 / 6,
      8.0 / 6,
      7.0 / 6,
    ];
    const momentum = [
      5.0,
      3.0,
      1.0,
      5.0 / 3,
      7.0 / 3,
      3.0,
      11.0 / 3,
      13.0 / 3,
      5.0,
      4.0,
      3.0,
      10.0 / 3,
      11.0 / 3,
      4.0,
      13.0 / 3,
      14.0 / 3,
      5.0,
      4.5,
      4.0,
      25.0 / 6,
      13.0 / 3,
      4.5,
      14.0 / 3,
      29.0 / 6,
    ];
    const cyclic = new CyclicLR({ baseLr: 1 + d, maxLr: 5 + d, stepSize: 2, stepSizeDown: 6, mode: 'triangular2' });
    checkCycle(
      cyclic,
      lr.map((x) => x + d),
      momentum.map((x) => x + d),
      1 + d,
      5 + d,
    );
  });
  it('test_cycle_lr_exp_range_mode_step_size_up_down', () => {
    const { lr, momentum } = expRange(
      [0.0, 0.5, 1.0, 5.0 / 6, 4.0 / 6, 3.0 / 6, 2.0 / 6, 1.0 / 6, 0.0, 0.5, 1.0, 5.0 / 6, 4.0 / 6],
      1,
      5,
    );
    checkCycle(
      new CyclicLR({ baseLr: 1, maxLr: 5, stepSize: 2, stepSizeDown: 6, mode: 'exp_range', gamma: 0.9 }),
      lr,
      momentum,
      1,
      5,
    );
  });

  it('test_onecycle_lr_linear_annealing (and test_cycle_lr_with_adam, the same values as beta1)', () => {
    checkCycle(
      new OneCycle({ maxLr: 25, finalDivFactor: 2, totalSteps: 10, anneal: 'linear' }),
      [1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5],
      [22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22],
      1,
      22,
    );
  });
  it('test_onecycle_lr_linear_annealing_three_phases', () => {
    checkCycle(
      new OneCycle({
        maxLr: 25,
        divFactor: 25,
        totalSteps: 10,
        anneal: 'linear',
        pctStart: 0.4,
        finalDivFactor: 4,
        threePhase: true,
      }),
      [1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25],
      [22, 15, 8, 1, 8, 15, 22, 22, 22, 22],
      1,
      22,
    );
  });
  it('test_onecycle_lr_cosine_annealing (and test_onecycle_lr_legacy_state_dict)', () => {
    const annealingCos = (start: number, end: number, pct: number) =>
      end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    const sevenths = range(6).map((i) => (i + 1) / 7.0);
    checkCycle(
      new OneCycle({ maxLr: 25, finalDivFactor: 2, totalSteps: 10 }),
      [1, 13, 25, ...sevenths.map((p) => annealingCos(25, 0.5, p)), 0.5],
      [22, 11.5, 1, ...sevenths.map((p) => annealingCos(1, 22, p)), 22],
      1,
      22,
    );
  });
});
