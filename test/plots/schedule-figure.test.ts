import { describe, expect, it } from 'vitest';
import { CyclicLR, figuresPage, KerasDecay, OneCycle, PolynomialDecay, scheduleFigure, StepDecay } from '../../lib';

describe('scheduleFigure', () => {
  it('draws one schedule with its formula and parameters in the title', () => {
    const step = new StepDecay();
    const figure = scheduleFigure(step, { length: 30 });
    expect(figure.layout.title.text).toBe(`${step.formula}<br><sub>${step.describe()}</sub>`);
    expect(figure.layout.xaxis.title.text).toBe('epoch');
    const [trace] = figure.data;
    // Per-epoch rates are steps, closed at the end of the axis.
    expect(trace!.line?.shape).toBe('hv');
    expect(trace!.x).toEqual([...Array(31).keys()]);
    expect(trace!.y).toEqual([...step.rates(30), step.at(29)]);
    expect(trace!.hovertemplate).toContain(step.formula);
  });

  it('draws several schedules, each named with its parameters, on one axis', () => {
    const schedules = [
      new PolynomialDecay({ maxEpochs: 10, power: 1 }),
      new PolynomialDecay({ maxEpochs: 10, power: 5 }),
    ];
    const figure = scheduleFigure(schedules, { length: 10, logY: true });
    expect(figure.data.map((t) => t.name)).toEqual(schedules.map((s) => s.describe()));
    expect(figure.layout.yaxis.type).toBe('log');
    expect(figure.layout.title.text).toBe('Learning-rate schedules');
  });

  it('puts per-iteration schedules on an epoch axis at fractional epochs', () => {
    const decay = new KerasDecay({ initialLr: 0.1, decay: 0.01 });
    const figure = scheduleFigure([new StepDecay(), decay], { length: 3, unit: 'epoch', iterationsPerEpoch: 4 });
    const trace = figure.data[1]!;
    expect(trace.x).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75]);
    expect(trace.y).toEqual(decay.rates(12));
    expect(trace.line?.shape).toBe('linear');
  });

  it('puts per-epoch schedules on an iteration axis as steps at epoch starts', () => {
    const step = new StepDecay({ dropEvery: 1, factor: 0.5 });
    const figure = scheduleFigure([step, new CyclicLR({ stepSize: 5 })], {
      length: 10,
      unit: 'iteration',
      iterationsPerEpoch: 4,
    });
    expect(figure.data[0]!.x).toEqual([0, 4, 8, 10]);
    expect(figure.data[0]!.y).toEqual([step.at(0), step.at(1), step.at(2), step.at(2)]);
    expect(figure.layout.xaxis.title.text).toBe('iteration (batch update)');
  });

  it('says what is missing instead of guessing', () => {
    const mixed = [new StepDecay(), new CyclicLR()];
    expect(() => scheduleFigure(mixed, { length: 5 })).toThrow(
      /pass unit \('epoch' or 'iteration'\) and iterationsPerEpoch/,
    );
    expect(() => scheduleFigure(mixed, { length: 5, unit: 'epoch' })).toThrow(
      /CyclicLR counts iterations; to draw it per epoch, pass iterationsPerEpoch, an integer > 0 \(got undefined\)/,
    );
    expect(() => scheduleFigure([], { length: 5 })).toThrow(/at least one schedule/);
    expect(() => scheduleFigure(new StepDecay(), { length: 0 })).toThrow(/length must be an integer > 0 \(got 0\)/);
    expect(() => scheduleFigure(new OneCycle({ maxLr: 0.1, totalSteps: 10 }), { length: 11 })).toThrow(
      /beyond the schedule's range 0…9/,
    );
  });

  it("draws rate series (a hand-written function, say) next to schedules, in the figure's unit", () => {
    const step = new StepDecay();
    const byHand = { name: 'by hand', rates: step.rates(40), dash: 'dash' as const };
    const figure = scheduleFigure([step, byHand], { length: 30 });
    expect(figure.data[1]!.name).toBe('by hand');
    expect(figure.data[1]!.x).toEqual(figure.data[0]!.x);
    expect(figure.data[1]!.y).toEqual(figure.data[0]!.y);
    expect(figure.data[1]!.line).toEqual({ shape: 'hv', width: 2, dash: 'dash' });
    const alone = scheduleFigure({ name: 'per batch', rates: [0.3, 0.2, 0.1] }, { length: 3, unit: 'iteration' });
    expect(alone.layout.title.text).toBe('per batch');
    expect(alone.data[0]!.x).toEqual([0, 1, 2]);
    expect(alone.data[0]!.line?.shape).toBe('linear');
  });

  it('asks for what a rate series lacks', () => {
    expect(() => scheduleFigure({ name: 'a', rates: [1, 2] }, { length: 2 })).toThrow(
      /rate series have no unit of their own; pass unit/,
    );
    expect(() => scheduleFigure([new StepDecay(), { name: 'short', rates: [1] }], { length: 2 })).toThrow(
      /the series 'short' has 1 rates; the figure draws 2 steps/,
    );
  });

  it('is plain JSON data', () => {
    const figure = scheduleFigure([new StepDecay(), new PolynomialDecay()], { length: 100 });
    expect(JSON.parse(JSON.stringify(figure))).toEqual(figure);
  });
});

describe('figuresPage', () => {
  it('is a self-contained page: plotly inlined, every figure drawn', () => {
    const figure = scheduleFigure(new StepDecay(), { length: 20 });
    const page = figuresPage('Test <page>', [{ heading: 'Step decay', caption: 'a & b', figure }, { figure }]);
    expect(page).toContain('<title>Test &lt;page&gt;</title>');
    expect(page).toMatch(/plotly\.js v\d/);
    expect(page).not.toMatch(/<script src=/);
    expect(page).toContain("Plotly.newPlot('figure-0'");
    expect(page).toContain("Plotly.newPlot('figure-1'");
    expect(page).toContain('<p>a &amp; b</p>');
    expect(page).toContain(JSON.stringify(figure.data[0]!.y));
  });
});
