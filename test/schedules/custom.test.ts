import { describe, expect, it } from 'vitest';
import {
  type ConfigValue,
  Constant,
  CosineDecay,
  fromConfig,
  LambdaSchedule,
  registerSchedule,
  registerScheduleFunction,
  Schedule,
  SCHEDULE_CLASS_NAMES,
  ScheduleParameterError,
  StepDecay,
  Warmup,
} from '../../lib/schedules';
import { runSchedule } from '../../lib/train';

/** A schedule of one's own: lr · 0.5^t. */
class Halving extends Schedule {
  readonly name = 'Halving';
  readonly unit = 'epoch';
  readonly formula = 'α = lr · 0.5^t';
  constructor(readonly lr: number) {
    super();
  }
  protected rate(t: number): number {
    return this.lr * 0.5 ** t;
  }
  protected getConfig(): { [key: string]: ConfigValue } {
    return { lr: this.lr };
  }
}

describe("schedule classes of one's own", () => {
  it('are rebuilt by fromConfig once registered, also inside a composite and from a run configuration', () => {
    const config = new Warmup({ schedule: new Halving(0.2), warmupSteps: 2 }).toConfig();
    expect(() => fromConfig(config)).toThrow(
      /className must be one of .*\(got 'Halving'\)\. Register a class of your own with registerSchedule/,
    );
    registerSchedule('Halving', (c) => new Halving(c.lr as number));
    const rebuilt = fromConfig(JSON.parse(JSON.stringify(config)));
    expect(rebuilt.rates(5)).toEqual([0, 0.1, 0.2, 0.1, 0.05]);
    const run = runSchedule(new Halving(0.2).toConfig(), { initialLr: 1, epochs: 3, iterationsPerEpoch: 1 });
    expect(run).toBeInstanceOf(Halving);
    expect(run.rates(3)).toEqual([0.2, 0.1, 0.05]);
  });

  it("refuse the library's names, a builder of another class and bad arguments", () => {
    expect(() => registerSchedule('CosineDecay', () => new CosineDecay({ initialLr: 0.1, decaySteps: 10 }))).toThrow(
      /must not be one of the library's schedules \(got 'CosineDecay'\)/,
    );
    registerSchedule('Mislabelled', () => new Constant({ lr: 1 }));
    expect(() => fromConfig({ className: 'Mislabelled', config: {} })).toThrow(
      /registered as 'Mislabelled' must build a Mislabelled \(got a Constant\)/,
    );
    expect(() => registerSchedule('', () => new Halving(1))).toThrow(ScheduleParameterError);
    expect(() => registerSchedule('X', 'nope' as never)).toThrow(/build must be a function/);
  });
});

describe('the library schedule classes are final', () => {
  it('a subclass gets an error that says to extend Schedule', () => {
    class Longer extends StepDecay {
      readonly extra = 1;
    }
    expect(() => new Longer()).toThrow(/StepDecay cannot be subclassed .* extend Schedule instead/);
  });
});

describe('LambdaSchedule', () => {
  it('is the rate function, checked at each step', () => {
    const schedule = new LambdaSchedule({ fn: (t) => 0.1 / (1 + t), unit: 'iteration' });
    expect(schedule.rates(3)).toEqual([0.1, 0.05, 0.1 / 3]);
    expect(schedule.unit).toBe('iteration');
    expect(schedule.describe()).toBe('LambdaSchedule(fn=function) per iteration');
    expect(() => new LambdaSchedule({ fn: (t) => (t < 2 ? 0.1 : NaN) }).at(2)).toThrow(
      /LambdaSchedule: fn\(2\) must be a finite rate ≥ 0 \(got NaN\)/,
    );
    expect(() => new LambdaSchedule({ fn: () => -1 }).at(0)).toThrow(ScheduleParameterError);
  });

  it('serializes by registered name, and says how when the function has none', () => {
    expect(() => new LambdaSchedule({ fn: (t) => t }).toConfig()).toThrow(
      /must be a registered name .* registerScheduleFunction/,
    );
    expect(() => new LambdaSchedule({ fn: 'unknown-fn' })).toThrow(
      /registered name .*got 'unknown-fn'\)\. Call registerScheduleFunction/,
    );
    registerScheduleFunction('linear-down', (t) => 0.1 * (1 - t / 10));
    const schedule = new LambdaSchedule({ fn: 'linear-down' });
    expect(schedule.formula).toBe('α = linear-down(t)');
    const rebuilt = fromConfig(JSON.parse(JSON.stringify(schedule.toConfig())));
    expect(rebuilt).toBeInstanceOf(LambdaSchedule);
    expect(rebuilt.rates(10)).toEqual(schedule.rates(10));
    expect(SCHEDULE_CLASS_NAMES).toContain('LambdaSchedule');
  });
});
