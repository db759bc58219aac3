/**
 * Parameter checks shared by the library: the schedules, the optimizer and callbacks that apply them (`KerasSGD`,
 * `ReduceLROnPlateau`, the schedulers, `setLearningRate`, …), the finder, the run configuration and the toy
 * problem. Each throws a `ScheduleParameterError`
 * that names the owner (the class or function), the parameter, the allowed range and the value received, and may
 * add a hint. Nothing is clamped or coerced. Checks that throw an error class of their own (`Dataset`'s,
 * `resnetArticle`'s, the seeds') word their messages with `parameterProblem` and `parameterMessage`.
 */
import type { Schedule, StepUnit } from './schedule';

/**
 * A parameter of a schedule, or of the optimizer or a callback that applies schedules, outside its allowed range;
 * or a step outside a schedule's range.
 */
export class ScheduleParameterError extends RangeError {
  override name = 'ScheduleParameterError';

  /** @param problem "param must be … (got …)": the message without its owner and hint. */
  constructor(
    message: string,
    readonly problem?: string,
  ) {
    super(message);
  }
}

/** A value as messages show it: strings quoted, arrays as [a, b], other objects as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** "param must be <allowed> (got value)": how the library words a bad parameter. */
export function parameterProblem(param: string, allowed: string, value: unknown): string {
  return `${param} must be ${allowed} (got ${shown(value)})`;
}

/** "owner: problem." then the hint, if any: the whole message of a parameter error. */
export function parameterMessage(owner: string, problem: string, hint = ''): string {
  return `${owner}: ${problem}.${hint ? ' ' + hint : ''}`;
}

function fail(owner: string, param: string, allowed: string, value: unknown, hint = ''): never {
  const problem = parameterProblem(param, allowed, value);
  throw new ScheduleParameterError(parameterMessage(owner, problem, hint), problem);
}

/**
 * The problem a check finds ("param must be … (got …)", without owner or hint), or null when the value passes: for
 * a message that lists every bad parameter at once (`validateRunConfig`). Other errors pass through.
 */
export function problemOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof ScheduleParameterError && err.problem !== undefined) return err.problem;
    throw err;
  }
}

/** A learning rate: finite and ≥ 0. */
export function checkRate(owner: string, param: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(owner, param, 'a finite rate ≥ 0', value);
  return value;
}

/** A finite number. */
export function checkFinite(owner: string, param: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(owner, param, 'a finite number', value);
  return value;
}

/** A finite number ≥ 0. */
export function checkNonNegative(owner: string, param: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(owner, param, 'a finite number ≥ 0', value);
  return value;
}

/** A finite number > 0. */
export function checkPositive(owner: string, param: string, value: number, hint?: string): number {
  return checkAbove(owner, param, value, 0, hint);
}

/** A finite number > `bound`; `boundName` shows the bound (as 'startLr = 0.001') where it is another parameter. */
export function checkAbove(
  owner: string,
  param: string,
  value: number,
  bound: number,
  hint?: string,
  boundName = String(bound),
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= bound) {
    fail(owner, param, `a finite number > ${boundName}`, value, hint);
  }
  return value;
}

/** An integer > 0. */
export function checkPositiveInteger(owner: string, param: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) fail(owner, param, 'an integer > 0', value);
  return value;
}

/** An integer ≥ 0. */
export function checkNonNegativeInteger(owner: string, param: string, value: number): number {
  return checkIntegerFrom(owner, param, value, 0);
}

/** An integer ≥ `min`. */
export function checkIntegerFrom(owner: string, param: string, value: number, min: number, hint?: string): number {
  if (!Number.isInteger(value) || value < min) fail(owner, param, `an integer ≥ ${min}`, value, hint);
  return value;
}

/** An integer in [lo, hi]. */
export function checkIntegerIn(
  owner: string,
  param: string,
  value: number,
  [lo, hi]: [number, number],
  hint?: string,
): number {
  if (!Number.isInteger(value) || value < lo || value > hi)
    fail(owner, param, `an integer in [${lo}, ${hi}]`, value, hint);
  return value;
}

/**
 * A check of the caller's own, worded as the others ("param must be <allowed> (got value)"): for what the helpers
 * above do not cover, such as a value checked against other parameters or a name from a list of the caller's.
 */
export function checkThat(
  ok: boolean,
  owner: string,
  param: string,
  allowed: string,
  value: unknown,
  hint?: string,
): void {
  if (!ok) fail(owner, param, allowed, value, hint);
}

/** A finite number in an interval; `open` lists the ends that are excluded. */
export function checkInterval(
  owner: string,
  param: string,
  value: number,
  [lo, hi]: [number, number],
  open: { lo?: boolean; hi?: boolean } = {},
  hint?: string,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.lo ? value > lo : value >= lo) &&
    (open.hi ? value < hi : value <= hi);
  if (!ok) fail(owner, param, `in ${open.lo ? '(' : '['}${lo}, ${hi}${open.hi ? ')' : ']'}`, value, hint);
  return value;
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(owner: string, param: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) fail(owner, param, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value;
}

/** A boolean (a JSON config could hold anything). */
export function checkBoolean(owner: string, param: string, value: boolean): boolean {
  if (typeof value !== 'boolean') fail(owner, param, 'true or false', value);
  return value;
}

/** A step unit: 'epoch' or 'iteration'. */
export function checkUnit(owner: string, value: StepUnit): StepUnit {
  return checkOneOf(owner, 'unit', value, ['epoch', 'iteration']);
}

/** Schedules composed into one (`Product`, `Sequential`): they must share one unit. */
export function checkSharedUnit(owner: string, schedules: readonly Schedule[]): void {
  if (new Set(schedules.map((s) => s.unit)).size > 1) {
    throw new ScheduleParameterError(
      `${owner}: schedules must share one unit (got ${schedules.map((s) => `${s.name} per ${s.unit}`).join(', ')}).`,
    );
  }
}

/** A step counter: an integer ≥ 0. */
export function checkStep(schedule: Schedule, t: number): void {
  if (!Number.isInteger(t) || t < 0) {
    fail(`${schedule.name}.at`, 'the step', `an integer ≥ 0 (a 0-based ${schedule.unit} index)`, t);
  }
}

/** A step beyond the range a schedule is defined on. */
export function failBeyondRange(schedule: Schedule, t: number, last: number, hint: string): never {
  throw new ScheduleParameterError(
    `${schedule.name}.at: ${schedule.unit} ${t} is beyond the schedule's range 0…${last}. ${hint}`,
  );
}
