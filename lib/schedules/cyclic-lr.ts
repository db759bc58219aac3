import { type ConfigValue, Schedule, type StepUnit } from './schedule';
import { checkInterval, checkOneOf, checkPositive, checkRate, checkUnit, ScheduleParameterError } from './validate';

export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

export interface CyclicLROptions {
  /** The lower bound of the cycle (default 0.001). */
  baseLr?: number;
  /** The upper bound, ≥ baseLr (default 0.006). */
  maxLr?: number;
  /** Steps in half a cycle, > 0 (default 2000; the CLR paper suggests 2–8 epochs' worth of iterations). */
  stepSize?: number;
  /** 'triangular' (default), 'triangular2' (amplitude halves each cycle) or 'exp_range' (× gamma^t). */
  mode?: CyclicMode;
  /** The per-step amplitude factor of 'exp_range', in (0, 1] (default 1). */
  gamma?: number;
  /** Default 'iteration'. */
  unit?: StepUnit;
}

const MODES: readonly CyclicMode[] = ['triangular', 'triangular2', 'exp_range'];

/**
 * Cyclical learning rates (Smith, 2017), as the CLR Keras callback and PyTorch's `CyclicLR` with
 * `step_size_up = stepSize`.
 *
 *     c = ⌊1 + t / (2 · stepSize)⌋,  x = |t / stepSize − 2c + 1|
 *     α(t) = baseLr + (maxLr − baseLr) · max(0, 1 − x) · scale
 *     scale = 1 (triangular), 1 / 2^(c−1) (triangular2), gamma^t (exp_range)
 */
export class CyclicLR extends Schedule {
  readonly name = 'CyclicLR';
  readonly unit: StepUnit;
  readonly baseLr: number;
  readonly maxLr: number;
  readonly stepSize: number;
  readonly mode: CyclicMode;
  readonly gamma: number;

  constructor({ baseLr = 0.001, maxLr = 0.006, stepSize = 2000, mode = 'triangular', gamma = 1, unit = 'iteration' }: CyclicLROptions = {}) {
    super();
    this.baseLr = checkRate(this.name, 'baseLr', baseLr);
    this.maxLr = checkRate(this.name, 'maxLr', maxLr);
    if (maxLr < baseLr) {
      throw new ScheduleParameterError(`${this.name}: maxLr must be ≥ baseLr (got maxLr=${maxLr} < baseLr=${baseLr}).`);
    }
    this.stepSize = checkPositive(this.name, 'stepSize', stepSize);
    this.mode = checkOneOf(this.name, 'mode', mode, MODES);
    this.gamma = checkInterval(this.name, 'gamma', gamma, [0, 1], { lo: true });
    this.unit = checkUnit(this.name, unit);
    Object.freeze(this);
  }

  get formula(): string {
    const scale = { triangular: '', triangular2: ' / 2^(c−1)', exp_range: ' · gamma^t' }[this.mode];
    return `α = baseLr + (maxLr − baseLr) · max(0, 1 − |t / stepSize − 2c + 1|)${scale}, c = ⌊1 + t / (2 · stepSize)⌋`;
  }

  protected rate(t: number): number {
    const cycle = Math.floor(1 + t / (2 * this.stepSize));
    const x = Math.abs(t / this.stepSize - 2 * cycle + 1);
    const scale = this.mode === 'triangular' ? 1 : this.mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : this.gamma ** t;
    return this.baseLr + (this.maxLr - this.baseLr) * Math.max(0, 1 - x) * scale;
  }

  protected getConfig(): { [key: string]: ConfigValue } {
    const { baseLr, maxLr, stepSize, mode, gamma, unit } = this;
    return { baseLr, maxLr, stepSize, mode, gamma, unit };
  }
}
