/**
 * The schedule of a run, from the name `--schedule` takes or a schedule config.
 */
import {
  ARTICLE_SCHEDULE_NAMES,
  type ArticleScheduleName,
  articleSchedule,
  CosineDecay,
  CosineRestarts,
  CyclicLR,
  ExponentialDecay,
  fromConfig,
  OneCycle,
  PiecewiseConstant,
  type Schedule,
  type ScheduleConfig,
  Warmup,
} from '../schedules';
import type { ReduceLROnPlateauOptions } from '../tfjs/reduce-lr-on-plateau';

/**
 * The names a run's schedule may be given by: the article's five, and the library's other schedules with defaults
 * derived from the run (initial rate lr0, E epochs of n updates), so that one sweep compares them all:
 *
 * - `exponential`: lr0 · 0.01^(epoch / (E − 1)), per epoch (down to 1 % in the last epoch);
 * - `piecewise`: lr0, then lr0/10 from epoch round(E/2), lr0/100 from round(3E/4) (the classic ResNet recipe);
 * - `cosine`: cosine decay from lr0 to 0 over the run's E·n updates, per update;
 * - `restarts`: cosine with warm restarts (SGDR), first period ⌈E·n/3⌉ updates, each next one twice as long (so the
 *   second ends with the run, not before it), per update;
 * - `onecycle`: one cycle over the run's E·n updates peaking at lr0, PyTorch's defaults otherwise, per update (as
 *   PyTorch's OneCycleLR steps);
 * - `clr-triangular`, `clr-triangular2`, `clr-exp-range`: Smith's cyclical rates between lr0/10 and lr0 in his three
 *   policies, per update, in c = max(1, ⌊E/2⌋) whole cycles (half-cycles of ⌈E·n / 2c⌉ updates: one epoch when E
 *   is even), so that the run ends at the bottom of the last cycle, as Smith advises (a rounded-up half-cycle
 *   leaves the last few updates just above it); exp_range with γ = 0.1^(1/(E·n)), so the amplitude shrinks to a
 *   tenth over the run;
 * - `warmup`: a linear warmup from 0 over the first epoch, then cosine decay to 0 over the rest, per update;
 * - `plateau`: not a schedule but Keras' `ReduceLROnPlateau` on the test loss (see `plateauOptions`): the rate
 *   starts at lr0 and is divided by 10 after an epoch that ends a plateau.
 */
export const RUN_SCHEDULE_NAMES: readonly string[] = [
  ...ARTICLE_SCHEDULE_NAMES,
  'exponential',
  'piecewise',
  'cosine',
  'restarts',
  'onecycle',
  'clr-triangular',
  'clr-triangular2',
  'clr-exp-range',
  'warmup',
  'plateau',
];

/** The run schedule name whose rate follows the test loss rather than the step. */
export const PLATEAU = 'plateau';

/**
 * The `plateau` run's `ReduceLROnPlateau`: Keras' defaults (factor 0.1, minDelta 1e-4, no cooldown) watching the
 * test loss, with a patience of a tenth of the run, at least 1 epoch (Keras' 10 for the article's 100 epochs).
 */
export function plateauOptions(epochs: number): ReduceLROnPlateauOptions {
  return {
    monitor: 'val_loss',
    factor: 0.1,
    patience: Math.max(1, Math.round(epochs / 10)),
    minDelta: 1e-4,
    cooldown: 0,
  };
}

const CLR_MODES = {
  'clr-triangular': 'triangular',
  'clr-triangular2': 'triangular2',
  'clr-exp-range': 'exp_range',
} as const;

/** What a named schedule is derived from: the initial rate, the epochs and the updates per epoch of the run. */
export interface RunLength {
  initialLr: number;
  epochs: number;
  iterationsPerEpoch: number;
}

/**
 * The schedule of a run. Throws on an unknown name or a bad config.
 *
 * @example
 * const cosine = runSchedule('cosine', { initialLr: 0.1, epochs: 5, iterationsPerEpoch: 100 });
 * assert.equal(cosine.unit, 'iteration');
 * assert.equal(cosine.at(0), 0.1);
 * assert.ok(Math.abs(cosine.at(250) - 0.05) < 1e-12); // half-way through the 500 updates
 * const step = runSchedule(new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 2 }).toConfig(), { initialLr: 0.1, epochs: 5, iterationsPerEpoch: 100 });
 * assert.equal(step.at(2), 0.05);
 */
export function runSchedule(
  schedule: string | ScheduleConfig,
  { initialLr, epochs, iterationsPerEpoch }: RunLength,
): Schedule {
  if (typeof schedule !== 'string') return fromConfig(schedule);
  if ((ARTICLE_SCHEDULE_NAMES as readonly string[]).includes(schedule)) {
    return articleSchedule(schedule as ArticleScheduleName, { initialLr, epochs });
  }
  const updates = epochs * iterationsPerEpoch;
  switch (schedule) {
    case 'exponential':
      return new ExponentialDecay({ initialLr, decaySteps: Math.max(1, epochs - 1), decayRate: 0.01, unit: 'epoch' });
    case 'piecewise': {
      const first = Math.max(1, Math.round(epochs / 2));
      const second = Math.max(first + 1, Math.round((3 * epochs) / 4));
      // PiecewiseConstant keeps values[i] up to and including boundary i.
      return new PiecewiseConstant({
        boundaries: [first - 1, second - 1],
        values: [initialLr, initialLr / 10, initialLr / 100],
        unit: 'epoch',
      });
    }
    case 'cosine':
      return new CosineDecay({ initialLr, decaySteps: updates, unit: 'iteration' });
    case 'restarts':
      return new CosineRestarts({
        initialLr,
        firstDecaySteps: Math.max(1, Math.ceil(updates / 3)),
        tMul: 2,
        unit: 'iteration',
      });
    case 'onecycle':
      return new OneCycle({ maxLr: initialLr, totalSteps: updates, unit: 'iteration' });
    case 'clr-triangular':
    case 'clr-triangular2':
    case 'clr-exp-range': {
      const cycles = Math.max(1, Math.floor(epochs / 2));
      return new CyclicLR({
        baseLr: initialLr / 10,
        maxLr: initialLr,
        stepSize: Math.ceil(updates / (2 * cycles)),
        mode: CLR_MODES[schedule],
        ...(schedule === 'clr-exp-range' && { gamma: 0.1 ** (1 / updates) }),
        unit: 'iteration',
      });
    }
    case 'warmup':
      return new Warmup({
        schedule: new CosineDecay({
          initialLr,
          decaySteps: Math.max(1, updates - iterationsPerEpoch),
          unit: 'iteration',
        }),
        warmupSteps: iterationsPerEpoch,
      });
    case PLATEAU:
      throw new RangeError(
        `runSchedule: '${PLATEAU}' is not a schedule (its rate follows the test loss): the runner applies ReduceLROnPlateau with plateauOptions().`,
      );
    default:
      throw new RangeError(
        `runSchedule: schedule must be one of ${RUN_SCHEDULE_NAMES.join(', ')} or a schedule config (got '${schedule}').`,
      );
  }
}

/**
 * A short label of a run's schedule: its name, or the config's class name.
 *
 * @example
 * assert.equal(scheduleLabel('linear'), 'linear');
 * assert.equal(scheduleLabel(new CosineDecay({ initialLr: 0.1, decaySteps: 100 }).toConfig()), 'CosineDecay');
 */
export function scheduleLabel(schedule: string | ScheduleConfig): string {
  return typeof schedule === 'string' ? schedule : schedule.className;
}
