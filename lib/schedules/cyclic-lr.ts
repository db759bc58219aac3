import { type ConfigValue, freezeFinal, Schedule, type StepUnit, withoutDefaults } from './schedule';
import {
  checkInterval,
  checkOneOf,
  checkPositive,
  checkRate,
  checkStep,
  checkUnit,
  ScheduleParameterError,
} from './validate';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

/** What the amplitude scale of a mode is a function of: the cycle number, or the step. */
export type CyclicScaleMode = 'cycle' | 'iterations';

export interface CyclicLROptions {
  /** The lower bound of the cycle (default 0.001). */
  baseLr?: number;
  /** The upper bound, ≥ baseLr (default 0.006). */
  maxLr?: number;
  /** Steps from baseLr up to maxLr, > 0 (default 2000; the CLR paper suggests 2–8 epochs' worth of iterations). */
  stepSize?: number;
  /** Steps from maxLr back down to baseLr, > 0 (PyTorch's `step_size_down`; default stepSize). */
  stepSizeDown?: number;
  /** 'triangular' (default), 'triangular2' (amplitude halves each cycle) or 'exp_range' (× gamma^t). */
  mode?: CyclicMode;
  /** The per-step amplitude factor of 'exp_range', in (0, 1] (default 1). */
  gamma?: number;
  /**
   * The argument of the mode's scale (PyTorch's `scale_mode`): 'cycle' (the cycle number c, the default of
   * 'triangular' and 'triangular2') or 'iterations' (the step t, the default of 'exp_range').
   */
  scaleMode?: CyclicScaleMode;
  /** Default 'iteration'. */
  unit?: StepUnit;
}

const MODES: readonly CyclicMode[] = ['triangular', 'triangular2', 'exp_range'];
const DEFAULT_SCALE_MODE: Record<CyclicMode, CyclicScaleMode> = {
  triangular: 'cycle',
  triangular2: 'cycle',
  exp_range: 'iterations',
};

/**
 * Cyclical learning rates (Smith, 2017), as the CLR Keras callback and PyTorch's `CyclicLR`
 * (`step_size_up = stepSize`, `step_size_down = stepSizeDown`).
 *
 *     T = stepSize + stepSizeDown,  c = ⌊1 + t / T⌋,  x = 1 + t / T − c,  r = stepSize / T
 *     h = x / r (rising, x ≤ r) or (1 − x) / (1 − r) (falling)
 *     α(t) = baseLr + (maxLr − baseLr) · h · scale(c or t)
 *     scale(n) = 1 (triangular), 1 / 2^(n−1) (triangular2), gamma^n (exp_range)
 *
 * `position(t) = h · scale` is the cycle's height at t: `CyclicMomentum` cycles momentum against it, as PyTorch's
 * `cycle_momentum`.
 *
 * @example
 * const schedule = new CyclicLR({ baseLr: 0.1, maxLr: 1, stepSize: 4 });
 * assert.deepEqual([schedule.at(0), schedule.at(4), schedule.at(8)], [0.1, 1, 0.1]);
 */
export class CyclicLR extends Schedule {
  readonly name = 'CyclicLR';
  readonly unit: StepUnit;
  readonly baseLr: number;
  readonly maxLr: number;
  readonly stepSize: number;
  readonly stepSizeDown: number;
  readonly mode: CyclicMode;
  readonly gamma: number;
  readonly scaleMode: CyclicScaleMode;

  constructor({
    baseLr = 0.001,
    maxLr = 0.006,
    stepSize = 2000,
    stepSizeDown = stepSize,
    mode = 'triangular',
    gamma = 1,
    scaleMode = DEFAULT_SCALE_MODE[mode],
    unit = 'iteration',
  }: CyclicLROptions = {}) {
    super();
    this.baseLr = checkRate(this.name, 'baseLr', baseLr);
    this.maxLr = checkRate(this.name, 'maxLr', maxLr);
    if (maxLr < baseLr) {
      throw new ScheduleParameterError(`${this.name}: maxLr must be ≥ baseLr (got maxLr=${maxLr} < baseLr=${baseLr}).`);
    }
    this.stepSize = checkPositive(this.name, 'stepSize', stepSize);
    this.stepSizeDown = checkPositive(this.name, 'stepSizeDown', stepSizeDown);
    this.mode = checkOneOf(this.name, 'mode', mode, MODES);
    this.gamma = checkInterval(this.name, 'gamma', gamma, [0, 1], { lo: true });
    this.scaleMode = checkOneOf(this.name, 'scaleMode', scaleMode, ['cycle', 'iterations']);
    this.unit = checkUnit(this.name, unit);
    freezeFinal(this, new.target, CyclicLR);
  }

  get formula(): string {
    const n = this.scaleMode === 'cycle' ? 'c' : 't';
    const scale = { triangular: '', triangular2: ` / 2^(${n}−1)`, exp_range: ` · gamma^${n}` }[this.mode];
    return this.stepSizeDown === this.stepSize
      ? `α = baseLr + (maxLr − baseLr) · max(0, 1 − |t / stepSize − 2c + 1|)${scale}, c = ⌊1 + t / (2 · stepSize)⌋`
      : `α = baseLr + (maxLr − baseLr) · h${scale}, h rising over stepSize steps and falling over stepSizeDown, c = ⌊1 + t / (stepSize + stepSizeDown)⌋`;
  }

  /** The cycle's height at step t, in [0, 1]: 0 at baseLr, 1 at maxLr (times the mode's scale). */
  position(t: number): number {
    checkStep(this, t);
    const total = this.stepSize + this.stepSizeDown;
    const ratio = this.stepSize / total;
    const cycle = Math.floor(1 + t / total);
    const x = 1 + t / total - cycle;
    const height = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    const n = this.scaleMode === 'cycle' ? cycle : t;
    const scale = this.mode === 'triangular' ? 1 : this.mode === 'triangular2' ? 1 / 2 ** (n - 1) : this.gamma ** n;
    return height * scale;
  }

  protected rate(t: number): number {
    return this.baseLr + (this.maxLr - this.baseLr) * this.position(t);
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { baseLr, maxLr, stepSize, stepSizeDown, mode, gamma, scaleMode, unit } = this;
    return { baseLr, maxLr, stepSize, stepSizeDown, mode, gamma, scaleMode, unit };
  }

  protected override describedConfig(): { [key: string]: ConfigValue } {
    return withoutDefaults(this.getConfig(), { stepSizeDown: this.stepSize, scaleMode: DEFAULT_SCALE_MODE[this.mode] });
  }
}
