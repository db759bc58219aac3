/**
 * The configuration of one training run, its validation and its hash. Pure: no tfjs, no files.
 *
 * Defaults are the article's setup: 100 epochs at batch 128, SGD with rate 0.1 and momentum 0.9, its ResNet, all
 * of CIFAR-10 from data/cifar-10-batches-bin.
 */
import { createHash } from 'node:crypto';
import { CIFAR10_DEFAULT_DIR } from '../data/cifar10';
import {
  RESNET_ARTICLE_PRESETS,
  RESNET_ARTICLE_SHAPE_RULE,
  type ResNetArticlePreset,
  type ResNetArticleShape,
  resnetArticleShapeProblem,
} from '../models/resnet-article';
import type { ScheduleConfig } from '../schedules';
import {
  checkIntegerFrom,
  checkIntegerIn,
  checkInterval,
  checkPositive,
  checkThat,
  problemOf,
} from '../schedules/validate';
import { RUN_SCHEDULE_NAMES } from './schedule';

/** Everything that determines a run's result (apart from the tfjs backend). */
export interface RunConfig {
  /** A schedule name (see `RUN_SCHEDULE_NAMES`) or a schedule's `toConfig()`. */
  schedule: string | ScheduleConfig;
  /** Epochs to train, an integer ≥ 1. */
  epochs: number;
  /** Images per batch update, an integer ≥ 1. */
  batchSize: number;
  /** The initial learning rate, > 0. */
  initialLr: number;
  /** SGD momentum (Keras' form), in [0, 1). */
  momentum: number;
  /** A preset of the article's ResNet family, or a shape (input shape and classes come from the data). */
  model: ResNetArticlePreset | ResNetArticleShape;
  /** Training images per class (a seeded balanced subset), or null for the whole training set. */
  trainPerClass: number | null;
  /** Test images per class (a seeded balanced subset), or null for the whole test set. */
  testPerClass: number | null;
  /** Seeds the subsets, the initial weights and the batch order; an integer in [0, 2³²). */
  seed: number;
  /** The CIFAR-10 binary folder. */
  dataDir: string;
}

/** A run configuration that cannot be used; the message lists every problem. */
export class RunConfigError extends RangeError {
  override name = 'RunConfigError';
}

/** The article's setup, used for every field a partial configuration leaves out. */
export const ARTICLE_RUN_DEFAULTS: Omit<RunConfig, 'schedule'> = {
  epochs: 100,
  batchSize: 128,
  initialLr: 0.1,
  momentum: 0.9,
  model: 'article',
  trainPerClass: null,
  testPerClass: null,
  seed: 0,
  dataDir: CIFAR10_DEFAULT_DIR,
};

const OWNER = 'validateRunConfig';

const FIELDS = [
  'schedule',
  'epochs',
  'batchSize',
  'initialLr',
  'momentum',
  'model',
  'trainPerClass',
  'testPerClass',
  'seed',
  'dataDir',
] as const;

const isInt = (v: unknown, min: number, max = Infinity): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** How the messages name each field: by default the field itself; a command names its options (`--subset`). */
export type RunConfigNames = Partial<Record<keyof RunConfig, string>>;

function checkSchedule(schedule: unknown, name: string): void {
  const isConfig =
    schedule !== null &&
    typeof schedule === 'object' &&
    typeof (schedule as ScheduleConfig).className === 'string' &&
    typeof (schedule as ScheduleConfig).config === 'object';
  checkThat(
    isConfig || (typeof schedule === 'string' && RUN_SCHEDULE_NAMES.includes(schedule)),
    OWNER,
    name,
    `one of ${RUN_SCHEDULE_NAMES.join(', ')} or a schedule config {"className": …, "config": {…}}`,
    schedule,
  );
}

/** A run's model as `--model` takes it: the preset name, or the shape as JSON. */
export function modelArgument(model: RunConfig['model']): string {
  return typeof model === 'string' ? model : JSON.stringify(model);
}

/** What is wrong with the model, a preset name or a shape; every message ends with what a shape is. */
function modelProblem(model: unknown, name: string): string | null {
  let problem: string | null;
  if (typeof model === 'string') {
    const presets = Object.keys(RESNET_ARTICLE_PRESETS);
    problem = problemOf(() =>
      checkThat(presets.includes(model), OWNER, name, `one of ${presets.join(', ')} or a shape`, model),
    );
  } else {
    const isShape =
      model !== null &&
      typeof model === 'object' &&
      !Array.isArray(model) &&
      Object.keys(model).sort().join() === 'filters,stages';
    problem = problemOf(() =>
      checkThat(isShape, OWNER, name, 'a preset name or an object with exactly the fields stages and filters', model),
    );
    if (problem === null) {
      const inShape = resnetArticleShapeProblem(model as ResNetArticleShape);
      problem = inShape === null ? null : `${name}.${inShape}`;
    }
  }
  return problem === null ? null : `${problem}; ${RESNET_ARTICLE_SHAPE_RULE}`;
}

function checkPerClass(name: string, value: unknown, max: number): void {
  checkThat(
    value === null || isInt(value, 1, max),
    OWNER,
    name,
    `an integer in [1, ${max}] or null for all images`,
    value,
  );
}

/**
 * The complete configuration: `partial` over the article's defaults, checked field by field. Throws a
 * `RunConfigError` listing every bad or unknown field, each named as `names` says (a command passes its options'
 * names, so that the user reads the option they typed). (A schedule config's own parameters are checked when the
 * schedule is built, by `runSchedule`.)
 *
 * @example
 * const config = validateRunConfig({ schedule: 'linear', epochs: 5, model: 'shallow', trainPerClass: 100 });
 * assert.equal(config.batchSize, 128); // the article's defaults fill the rest
 * assert.throws(() => validateRunConfig({ schedule: 'linear', epochs: 0, trainPerClass: 0 }, { trainPerClass: '--subset' }),
 *   /epochs must be an integer ≥ 1 \(got 0\); --subset must be an integer in \[1, 5000\]/);
 */
export function validateRunConfig(
  partial: Partial<RunConfig> & Pick<RunConfig, 'schedule'>,
  names: RunConfigNames = {},
): RunConfig {
  const config: RunConfig = { ...ARTICLE_RUN_DEFAULTS, ...partial };
  const n = (field: keyof RunConfig): string => names[field] ?? field;
  const problems: string[] = [];
  const unknown = Object.keys(partial).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) problems.push(`unknown field(s) ${unknown.join(', ')}; the fields are ${FIELDS.join(', ')}`);
  const check = (problem: string | null): void => {
    if (problem !== null) problems.push(problem);
  };
  check(problemOf(() => checkSchedule(config.schedule, n('schedule'))));
  check(problemOf(() => checkIntegerFrom(OWNER, n('epochs'), config.epochs, 1)));
  check(problemOf(() => checkIntegerFrom(OWNER, n('batchSize'), config.batchSize, 1)));
  check(problemOf(() => checkPositive(OWNER, n('initialLr'), config.initialLr)));
  check(problemOf(() => checkInterval(OWNER, n('momentum'), config.momentum, [0, 1], { hi: true })));
  check(modelProblem(config.model, n('model')));
  check(problemOf(() => checkPerClass(n('trainPerClass'), config.trainPerClass, 5000)));
  check(problemOf(() => checkPerClass(n('testPerClass'), config.testPerClass, 1000)));
  check(problemOf(() => checkIntegerIn(OWNER, n('seed'), config.seed, [0, 0xffff_ffff])));
  check(
    problemOf(() =>
      checkThat(
        typeof config.dataDir === 'string' && config.dataDir !== '',
        OWNER,
        n('dataDir'),
        'a non-empty path',
        config.dataDir,
      ),
    ),
  );
  if (problems.length > 0) throw new RunConfigError(`Bad run configuration: ${problems.join('; ')}.`);
  return config;
}

/** JSON with object keys sorted at every level, so that equal configurations serialize equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first 16 hex digits of the SHA-256 of the configuration's canonical JSON: equal for equal configurations. */
export function configHash(config: RunConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** The fields whose values differ, as `field: <a> vs <b>` lines (empty when the configurations are equal). */
export function configDifferences(a: RunConfig, b: RunConfig): string[] {
  return FIELDS.filter((field) => canonicalJson(a[field]) !== canonicalJson(b[field])).map(
    (field) => `${field}: ${canonicalJson(a[field])} vs ${canonicalJson(b[field])}`,
  );
}
