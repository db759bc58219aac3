import { describe, expect, it } from 'vitest';
import {
  articleSchedule,
  Constant,
  CosineDecay,
  CosineRestarts,
  CyclicLR,
  CyclicMomentum,
  ExponentialDecay,
  fromConfig,
  iterationsPerEpoch,
  KerasDecay,
  OneCycle,
  PiecewiseConstant,
  PiecewiseInterpolate,
  PolynomialDecay,
  Product,
  type Schedule,
  ScheduleParameterError,
  Sequential,
  StepDecay,
  stepPeriod,
  Warmup,
} from '../../lib';

/** Rounds to 12 significant digits, for exact-looking expectations of float results. */
const round12 = (x: number): number => Number(x.toPrecision(12));

const examples: Schedule[] = [
  new Constant({ lr: 0.1 }),
  new StepDecay(),
  new PolynomialDecay({ power: 5 }),
  new PolynomialDecay({
    maxEpochs: 7,
    initAlpha: 0.1,
    endAlpha: 0.01,
    power: 2,
    afterEnd: 'cycle',
    transitionBegin: 3,
  }),
  new KerasDecay({ initialLr: 0.01, decay: 0.01 / 40 }),
  new KerasDecay({ initialLr: 0.1, decay: 0.096, staircaseSteps: 10 }),
  new ExponentialDecay({ initialLr: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true, unit: 'epoch' }),
  new PiecewiseConstant({ boundaries: [5, 10], values: [0.1, 0.01, 0.001] }),
  new CosineDecay({ initialLr: 0, decaySteps: 100, alpha: 0.1, warmupSteps: 10, warmupTarget: 0.1 }),
  new CosineRestarts({ initialLr: 0.1, firstDecaySteps: 10, tMul: 1.5, mMul: 0.5 }),
  new CyclicLR({ mode: 'exp_range', gamma: 0.99 }),
  new OneCycle({ maxLr: 0.1, totalSteps: 100, anneal: 'linear' }),
  new OneCycle({ maxLr: 0.1, totalSteps: 30, pctStart: 0.25, threePhase: true, afterEnd: 'hold' }),
  new CyclicLR({ stepSize: 3, stepSizeDown: 5, mode: 'triangular2', scaleMode: 'iterations' }),
  new CosineDecay({ initialLr: 0.1, decaySteps: 10, alpha: 0.1, exponent: 2, afterEnd: 'continue', unit: 'epoch' }),
  new PiecewiseConstant({ boundaries: [3, 7], values: [0.1, 0.01, 0.001], atBoundary: 'next' }),
  new ExponentialDecay({ initialLr: 0.1, decaySteps: 2, decayRate: 0.5, transitionBegin: 3, endLr: 0.01 }),
  new Product({
    schedules: [
      new CosineDecay({ initialLr: 0.1, decaySteps: 20 }),
      new ExponentialDecay({ initialLr: 1, decaySteps: 5, decayRate: 0.1, staircase: true }),
    ],
  }),
  new CyclicMomentum({ schedule: new OneCycle({ maxLr: 0.1, totalSteps: 60, threePhase: true }) }),
  new CyclicMomentum({ schedule: new CyclicLR({ stepSize: 4 }), baseMomentum: 0.5, maxMomentum: 0.99 }),
  new PiecewiseInterpolate({ anneal: 'cos', initialLr: 0.01, boundaries: [5, 20], scales: [10, 0.01] }),
  new Warmup({ schedule: new StepDecay(), warmupSteps: 3, initLr: 0.001 }),
  new Sequential({ schedules: [new StepDecay(), new PolynomialDecay({ maxEpochs: 20 })], boundaries: [30] }),
];

describe("the article's worked example", () => {
  it('batch 64 on 50,000 images is 782 updates per epoch', () => {
    expect(iterationsPerEpoch(50_000, 64)).toBe(782);
    expect(iterationsPerEpoch(50_000, 128)).toBe(391);
  });

  it('lr 0.01 with decay 0.01/40, applied per batch, is ≈ 0.00836 after one epoch', () => {
    const decay = new KerasDecay({ initialLr: 0.01, decay: 0.01 / 40 });
    expect(decay.at(782)).toBeCloseTo(0.01 / (1 + 0.00025 * 782), 15);
    expect(Number(decay.at(782).toFixed(5))).toBe(0.00836);
    // Read per epoch, the same decay would have barely moved.
    expect(new KerasDecay({ initialLr: 0.01, decay: 0.01 / 40, unit: 'epoch' }).at(1)).toBeCloseTo(0.0099975, 7);
  });

  it("step decay drops at the article's epochs (the `1 +` moves the first drop to epoch 9)", () => {
    const step = new StepDecay();
    expect(step.rates(21)).toEqual([...Array(9).fill(0.01), ...Array(10).fill(0.0025), 0.000625, 0.000625]);
  });
});

describe("the article's five CIFAR-10 runs", () => {
  const setup = { initialLr: 0.1, epochs: 100 };
  it('builds them with the parameters of its train.py', () => {
    expect(articleSchedule('none', setup).describe()).toBe('Constant(lr=0.1) per epoch');
    expect(articleSchedule('standard', setup).describe()).toBe('KerasDecay(initialLr=0.1, decay=0.001) per iteration');
    expect(articleSchedule('step', setup).describe()).toBe(
      'StepDecay(initAlpha=0.1, factor=0.25, dropEvery=15) per epoch',
    );
    expect(articleSchedule('linear', setup).describe()).toBe(
      'PolynomialDecay(maxEpochs=100, initAlpha=0.1, power=1) per epoch',
    );
    expect(articleSchedule('poly', setup).describe()).toBe(
      'PolynomialDecay(maxEpochs=100, initAlpha=0.1, power=5) per epoch',
    );
    expect(() => articleSchedule('cosine' as never, setup)).toThrow(
      /name must be one of none, standard, step, linear, poly \(got 'cosine'\)/,
    );
  });

  it('scales the step period to shorter runs (15 % of the epochs, at least 2)', () => {
    expect([100, 40, 20, 10, 6, 3, 1].map(stepPeriod)).toEqual([15, 6, 3, 2, 2, 2, 2]);
    expect(articleSchedule('step', { initialLr: 0.1, epochs: 6 }).rates(6)).toEqual([
      0.1, 0.025, 0.025, 0.00625, 0.00625, 0.0015625,
    ]);
  });
});

describe('bad parameters throw an error naming the parameter and its range', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'negative rate',
      () => new StepDecay({ initAlpha: -0.1 }),
      /StepDecay: initAlpha must be a finite rate ≥ 0 \(got -0.1\)/,
    ],
    [
      'NaN rate',
      () => new KerasDecay({ initialLr: NaN, decay: 0 }),
      /KerasDecay: initialLr must be a finite rate ≥ 0 \(got NaN\)/,
    ],
    ['infinite rate', () => new CyclicLR({ maxLr: Infinity }), /CyclicLR: maxLr must be a finite rate ≥ 0/],
    [
      'dropEvery 0',
      () => new StepDecay({ dropEvery: 0 }),
      /StepDecay: dropEvery must be a finite number > 0 \(got 0\)/,
    ],
    ['factor > 1', () => new StepDecay({ factor: 4 }), /StepDecay: factor must be in \(0, 1\] \(got 4\)\. .*use 0\.25/],
    [
      'maxEpochs ≤ 0',
      () => new PolynomialDecay({ maxEpochs: -5 }),
      /PolynomialDecay: maxEpochs must be a finite number > 0 \(got -5\)/,
    ],
    ['power 0', () => new PolynomialDecay({ power: 0 }), /PolynomialDecay: power must be a finite number > 0/],
    [
      'negative decay',
      () => new KerasDecay({ initialLr: 0.1, decay: -1 }),
      /KerasDecay: decay must be a finite rate ≥ 0/,
    ],
    [
      'decaySteps 0',
      () => new ExponentialDecay({ initialLr: 0.1, decaySteps: 0, decayRate: 0.9 }),
      /ExponentialDecay: decaySteps must be a finite number > 0/,
    ],
    [
      'decayRate 0',
      () => new ExponentialDecay({ initialLr: 0.1, decaySteps: 1, decayRate: 0 }),
      /ExponentialDecay: decayRate must be a finite number > 0/,
    ],
    [
      'boundaries not increasing',
      () => new PiecewiseConstant({ boundaries: [10, 10], values: [1, 2, 3] }),
      /PiecewiseConstant: boundaries must be finite, ≥ 0 and strictly increasing \(got \[10, 10\]\)/,
    ],
    [
      'values count',
      () => new PiecewiseConstant({ boundaries: [10], values: [1] }),
      /PiecewiseConstant: values must hold one more rate than boundaries \(got 1 values for 1 boundaries\)/,
    ],
    [
      'alpha > 1',
      () => new CosineDecay({ initialLr: 0.1, decaySteps: 10, alpha: 2 }),
      /CosineDecay: alpha must be in \[0, 1\] \(got 2\)/,
    ],
    [
      'warmupSteps without target',
      () => new CosineDecay({ initialLr: 0.1, decaySteps: 10, warmupSteps: 5 }),
      /CosineDecay: warmupSteps > 0 and warmupTarget go together/,
    ],
    [
      'tMul < 1',
      () => new CosineRestarts({ initialLr: 0.1, firstDecaySteps: 10, tMul: 0.5 }),
      /CosineRestarts: tMul must be in \[1, Infinity\) \(got 0.5\)/,
    ],
    ['stepSize 0', () => new CyclicLR({ stepSize: 0 }), /CyclicLR: stepSize must be a finite number > 0 \(got 0\)/],
    [
      'maxLr < baseLr',
      () => new CyclicLR({ baseLr: 0.1, maxLr: 0.01 }),
      /CyclicLR: maxLr must be ≥ baseLr \(got maxLr=0.01 < baseLr=0.1\)/,
    ],
    [
      'unknown mode',
      () => new CyclicLR({ mode: 'sine' as never }),
      /CyclicLR: mode must be one of 'triangular', 'triangular2', 'exp_range' \(got 'sine'\)/,
    ],
    ['gamma > 1', () => new CyclicLR({ mode: 'exp_range', gamma: 1.5 }), /CyclicLR: gamma must be in \(0, 1\]/],
    [
      'totalSteps fractional',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 10.5 }),
      /OneCycle: totalSteps must be an integer > 0 \(got 10.5\)/,
    ],
    [
      'pctStart 1',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 1 }),
      /OneCycle: pctStart must be in \(0, 1\) \(got 1\)/,
    ],
    [
      'rising phase empty',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 3, pctStart: 0.3 }),
      /OneCycle: pctStart · totalSteps must be > 1/,
    ],
    [
      'unknown afterEnd',
      () => new PolynomialDecay({ afterEnd: 'clamp' as never }),
      /PolynomialDecay: afterEnd must be one of 'throw', 'hold', 'cycle' \(got 'clamp'\)/,
    ],
    [
      'transitionBegin fractional',
      () => new PolynomialDecay({ transitionBegin: 2.5 }),
      /PolynomialDecay: transitionBegin must be an integer ≥ 0 \(got 2.5\)/,
    ],
    [
      'negative endAlpha',
      () => new PolynomialDecay({ endAlpha: -1e-4 }),
      /PolynomialDecay: endAlpha must be a finite rate ≥ 0/,
    ],
    [
      'threePhase not boolean',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 100, threePhase: 'yes' as never }),
      /OneCycle: threePhase must be true or false \(got 'yes'\)/,
    ],
    [
      'threePhase with pctStart ≥ 0.5',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 0.5, threePhase: true }),
      /OneCycle: pctStart must be < 0.5 with threePhase/,
    ],
    [
      'OneCycle afterEnd cycle',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 100, afterEnd: 'cycle' as never }),
      /OneCycle: afterEnd must be one of 'throw', 'hold' \(got 'cycle'\)/,
    ],
    [
      'stepSizeDown 0',
      () => new CyclicLR({ stepSizeDown: 0 }),
      /CyclicLR: stepSizeDown must be a finite number > 0 \(got 0\)/,
    ],
    [
      'unknown scaleMode',
      () => new CyclicLR({ scaleMode: 'epoch' as never }),
      /CyclicLR: scaleMode must be one of 'cycle', 'iterations' \(got 'epoch'\)/,
    ],
    [
      'exponent 0',
      () => new CosineDecay({ initialLr: 0.1, decaySteps: 10, exponent: 0 }),
      /CosineDecay: exponent must be a finite number > 0 \(got 0\)/,
    ],
    [
      'CosineDecay afterEnd',
      () => new CosineDecay({ initialLr: 0.1, decaySteps: 10, afterEnd: 'throw' as never }),
      /CosineDecay: afterEnd must be one of 'hold', 'continue' \(got 'throw'\)/,
    ],
    [
      'unknown atBoundary',
      () => new PiecewiseConstant({ boundaries: [1], values: [1, 2], atBoundary: 'after' as never }),
      /PiecewiseConstant: atBoundary must be one of 'previous', 'next' \(got 'after'\)/,
    ],
    [
      'staircase not boolean',
      () => new ExponentialDecay({ initialLr: 0.1, decaySteps: 1, decayRate: 0.9, staircase: 1 as never }),
      /ExponentialDecay: staircase must be true or false \(got 1\)/,
    ],
    [
      'negative endLr',
      () => new ExponentialDecay({ initialLr: 0.1, decaySteps: 1, decayRate: 0.9, endLr: -1 }),
      /ExponentialDecay: endLr must be a finite rate ≥ 0 \(got -1\)/,
    ],
    [
      'Product of one',
      () => new Product({ schedules: [new StepDecay()] }),
      /Product: schedules must hold at least two schedules \(got 1\)/,
    ],
    [
      'Product mixed units',
      () => new Product({ schedules: [new StepDecay(), new CyclicLR()] }),
      /Product: schedules must share one unit \(got StepDecay per epoch, CyclicLR per iteration\)/,
    ],
    [
      'CyclicMomentum of a non-cyclical schedule',
      () => new CyclicMomentum({ schedule: new StepDecay() as never }),
      /CyclicMomentum: schedule must be a OneCycle or a CyclicLR \(got StepDecay\)/,
    ],
    [
      'CyclicMomentum bounds swapped',
      () => new CyclicMomentum({ schedule: new CyclicLR(), baseMomentum: 0.95, maxMomentum: 0.85 }),
      /CyclicMomentum: maxMomentum must be ≥ baseMomentum \(got maxMomentum=0.85 < baseMomentum=0.95\)/,
    ],
    [
      'PiecewiseInterpolate boundaries',
      () => new PiecewiseInterpolate({ anneal: 'linear', initialLr: 1, boundaries: [5, 2], scales: [1, 1] }),
      /PiecewiseInterpolate: boundaries must be strictly increasing integers ≥ 0 \(got \[5, 2\]\)/,
    ],
    [
      'PiecewiseInterpolate scales count',
      () => new PiecewiseInterpolate({ anneal: 'linear', initialLr: 1, boundaries: [5], scales: [] }),
      /PiecewiseInterpolate: scales must hold one factor per boundary \(got 0 scales for 1 boundaries\)/,
    ],
    [
      'staircaseSteps fractional',
      () => new KerasDecay({ initialLr: 0.1, decay: 0.1, staircaseSteps: 2.5 }),
      /KerasDecay: staircaseSteps must be an integer > 0 \(got 2.5\)/,
    ],
    [
      'unknown anneal',
      () => new OneCycle({ maxLr: 0.1, totalSteps: 100, anneal: 'cosine' as never }),
      /OneCycle: anneal must be one of 'cos', 'linear' \(got 'cosine'\)/,
    ],
    [
      'unknown unit',
      () => new StepDecay({ unit: 'batch' as never }),
      /StepDecay: unit must be one of 'epoch', 'iteration' \(got 'batch'\)/,
    ],
    [
      'warmupSteps 0',
      () => new Warmup({ schedule: new StepDecay(), warmupSteps: 0 }),
      /Warmup: warmupSteps must be an integer > 0 \(got 0\)/,
    ],
    [
      'mixed units',
      () => new Sequential({ schedules: [new StepDecay(), new CyclicLR()], boundaries: [5] }),
      /Sequential: schedules must share one unit \(got StepDecay per epoch, CyclicLR per iteration\)/,
    ],
    [
      'boundary count',
      () => new Sequential({ schedules: [new StepDecay(), new StepDecay()], boundaries: [] }),
      /Sequential: boundaries must hold one fewer step than schedules/,
    ],
    [
      'no schedules',
      () => new Sequential({ schedules: [], boundaries: [] }),
      /Sequential: schedules must hold at least one schedule/,
    ],
    [
      'unknown class',
      () => fromConfig({ className: 'Cosine', config: {} }),
      /fromConfig: className must be one of Constant, .*StepDecay.* \(got 'Cosine'\)/,
    ],
    [
      'bad config in JSON',
      () => fromConfig({ className: 'StepDecay', config: { dropEvery: -1 } }),
      /StepDecay: dropEvery must be a finite number > 0 \(got -1\)/,
    ],
  ];
  it.each(cases)('%s', (_label, make, message) => {
    expect(make).toThrow(ScheduleParameterError);
    expect(make).toThrow(message);
  });
});

describe('steps', () => {
  it.each(examples.map((s) => [s.name, s] as const))('%s rejects steps that are not integers ≥ 0', (name, schedule) => {
    for (const t of [-1, 1.5, NaN, Infinity]) {
      expect(() => schedule.at(t)).toThrow(
        new RegExp(`${name}\\.at: the step must be an integer ≥ 0 \\(a 0-based ${schedule.unit} index\\)`),
      );
    }
  });

  it('PolynomialDecay is defined up to maxEpochs, where it reaches 0', () => {
    const poly = new PolynomialDecay({ maxEpochs: 10, initAlpha: 0.1, power: 2 });
    expect(poly.at(10)).toBe(0);
    expect(() => poly.at(11)).toThrow(
      /PolynomialDecay\.at: epoch 11 is beyond the schedule's range 0…10\. .*maxEpochs.*afterEnd: 'hold'/,
    );
  });

  it("PolynomialDecay with afterEnd 'hold' keeps endAlpha; transitionBegin holds initAlpha first and moves the end", () => {
    const poly = new PolynomialDecay({
      maxEpochs: 4,
      initAlpha: 0.5,
      endAlpha: 0.1,
      afterEnd: 'hold',
      transitionBegin: 2,
    });
    expect(poly.rates(9).map(round12)).toEqual([0.5, 0.5, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1]);
    const throwing = new PolynomialDecay({ maxEpochs: 4, transitionBegin: 2 });
    expect(throwing.at(6)).toBe(0);
    expect(() => throwing.at(7)).toThrow(/epoch 7 is beyond the schedule's range 0…6/);
  });

  it("PolynomialDecay with the defaults is bit for bit the article's formula", () => {
    const [maxEpochs, initAlpha, power] = [100, 0.1, 5];
    const poly = new PolynomialDecay({ maxEpochs, initAlpha, power });
    expect(poly.rates(101)).toEqual([...Array(101).keys()].map((e) => initAlpha * (1 - e / maxEpochs) ** power));
  });

  it('OneCycle is defined for totalSteps steps', () => {
    const cycle = new OneCycle({ maxLr: 0.1, totalSteps: 50 });
    expect(cycle.at(49)).toBeCloseTo(0.1 / 25 / 1e4, 12);
    expect(() => cycle.at(50)).toThrow(
      /OneCycle\.at: iteration 50 is beyond the schedule's range 0…49\. .*afterEnd: 'hold'/,
    );
    const held = new OneCycle({ maxLr: 0.1, totalSteps: 50, afterEnd: 'hold' });
    expect(held.at(50)).toBe(held.at(49));
    expect(held.at(5000)).toBe(held.at(49));
  });

  it('CosineDecay holds alpha · peak after decaySteps, as Keras does', () => {
    const cosine = new CosineDecay({ initialLr: 0.2, decaySteps: 10, alpha: 0.1 });
    expect(cosine.at(10)).toBeCloseTo(0.02, 15);
    expect(cosine.at(1000)).toBe(cosine.at(10));
  });

  it("PiecewiseConstant switches after a boundary (Keras) or at it (PyTorch's milestones)", () => {
    const keras = new PiecewiseConstant({ boundaries: [2], values: [1, 2] });
    const torch = new PiecewiseConstant({ boundaries: [2], values: [1, 2], atBoundary: 'next' });
    expect(keras.rates(4)).toEqual([1, 1, 1, 2]);
    expect(torch.rates(4)).toEqual([1, 1, 2, 2]);
  });

  it('ExponentialDecay holds before transitionBegin and stops at endLr (a floor decaying, a ceiling growing)', () => {
    const decaying = new ExponentialDecay({
      initialLr: 1,
      decaySteps: 1,
      decayRate: 0.5,
      transitionBegin: 2,
      endLr: 0.2,
    });
    expect(decaying.rates(7)).toEqual([1, 1, 1, 0.5, 0.25, 0.2, 0.2]);
    const growing = new ExponentialDecay({ initialLr: 1, decaySteps: 1, decayRate: 2, endLr: 5 });
    expect(growing.rates(5)).toEqual([1, 2, 4, 5, 5]);
  });

  it("CosineDecay with afterEnd 'continue' rises back to the peak at 2 · decaySteps", () => {
    const cosine = new CosineDecay({ initialLr: 0.2, decaySteps: 10, afterEnd: 'continue' });
    expect(cosine.at(10)).toBe(0);
    expect(cosine.at(15)).toBeCloseTo(0.1, 15);
    expect(cosine.at(20)).toBeCloseTo(0.2, 15);
  });

  it("CyclicMomentum takes PyTorch's default bounds: 0.85–0.95 for OneCycle, 0.8–0.9 for CyclicLR", () => {
    const one = new CyclicMomentum({ schedule: new OneCycle({ maxLr: 0.1, totalSteps: 10, pctStart: 0.3 }) });
    expect([one.at(0), one.at(2), one.at(9)].map(round12)).toEqual([0.95, 0.85, 0.95]);
    const cyc = new CyclicMomentum({ schedule: new CyclicLR({ stepSize: 2 }) });
    expect(cyc.rates(5).map(round12)).toEqual([0.9, 0.85, 0.8, 0.85, 0.9]);
    expect(() => one.at(10)).toThrow(/OneCycle\.at: iteration 10 is beyond the schedule's range 0…9/);
  });

  it('Warmup rises linearly to the schedule it precedes, which then runs on its own clock', () => {
    const inner = new ExponentialDecay({ initialLr: 0.1, decaySteps: 1, decayRate: 0.5 });
    const warm = new Warmup({ schedule: inner, warmupSteps: 4 });
    expect(warm.rates(7).map(round12)).toEqual([0, 0.025, 0.05, 0.075, 0.1, 0.05, 0.025]);
    expect(warm.unit).toBe('iteration');
  });

  it('Sequential hands over at each boundary, restarting the next schedule at its step 0', () => {
    const seq = new Sequential({
      schedules: [new PiecewiseConstant({ boundaries: [], values: [1] }), new KerasDecay({ initialLr: 0.5, decay: 1 })],
      boundaries: [2],
    });
    expect(seq.rates(5).map(round12)).toEqual([1, 1, 0.5, 0.25, round12(0.5 / 3)]);
  });
});

describe('serialization, immutability and self-description', () => {
  it.each(examples.map((s) => [s.describe(), s] as const))('%s survives a JSON round trip', (_d, schedule) => {
    const json = JSON.parse(JSON.stringify(schedule.toConfig()));
    const rebuilt = fromConfig(json);
    expect(rebuilt.toConfig()).toEqual(schedule.toConfig());
    expect(rebuilt.constructor).toBe(schedule.constructor);
    expect(rebuilt.rates(40)).toEqual(schedule.rates(40));
  });

  it.each(examples.map((s) => [s.name, s] as const))('%s is frozen', (_n, schedule) => {
    expect(Object.isFrozen(schedule)).toBe(true);
    expect(() => {
      (schedule as unknown as { unit: string }).unit = 'x';
    }).toThrow(TypeError);
  });

  it('describes itself with its parameters and formula', () => {
    expect(new StepDecay().describe()).toBe('StepDecay(initAlpha=0.01, factor=0.25, dropEvery=10) per epoch');
    expect(new StepDecay().formula).toBe('α = initAlpha · factor^⌊(1 + E) / dropEvery⌋');
    expect(new Warmup({ schedule: new StepDecay(), warmupSteps: 5 }).describe()).toBe(
      'Warmup(warmupSteps=5, initLr=0) → StepDecay(initAlpha=0.01, factor=0.25, dropEvery=10) per epoch',
    );
    for (const s of examples) expect(s.formula).toMatch(s instanceof CyclicMomentum ? /^m = / : /^α /);
  });

  it('leaves options at their defaults out of the description, not out of the config', () => {
    expect(new PolynomialDecay().describe()).toBe('PolynomialDecay(maxEpochs=100, initAlpha=0.01, power=1) per epoch');
    expect(new PolynomialDecay({ afterEnd: 'hold', endAlpha: 1e-4 }).describe()).toBe(
      'PolynomialDecay(maxEpochs=100, initAlpha=0.01, power=1, endAlpha=0.0001, afterEnd=hold) per epoch',
    );
    expect(new PolynomialDecay().toConfig().config).toEqual({
      maxEpochs: 100,
      initAlpha: 0.01,
      power: 1,
      endAlpha: 0,
      afterEnd: 'throw',
      transitionBegin: 0,
      unit: 'epoch',
    });
    expect(new PolynomialDecay().formula).toBe('α = initAlpha · (1 − E / maxEpochs)^power');
    expect(new PolynomialDecay({ endAlpha: 0.1, transitionBegin: 3 }).formula).toBe(
      'α = (initAlpha − endAlpha) · (1 − s / maxEpochs)^power + endAlpha, s = E − transitionBegin',
    );
  });
});
