import type { Schedule, StepUnit } from '../schedules';
import { type Figure, figureLayout, type Trace } from './figure';
import { logAxisTicks } from './ticks';
import { escapeHtml } from './escape';

export interface ScheduleFigureOptions {
  /** How many steps to draw, in `unit`: steps 0 … length − 1. */
  length: number;
  /** The x axis unit; by default the schedules' own, when they share one. */
  unit?: StepUnit;
  /** Batch updates per epoch, needed to draw a schedule on the other unit's axis. */
  iterationsPerEpoch?: number;
  /** The figure title; by default the schedule's name and formula, or "Learning-rate schedules". */
  title?: string;
  /** A logarithmic rate axis (default false). */
  logY?: boolean;
}

/**
 * Rates computed some other way — a hand-written function, a log — to draw next to schedules: one rate per step
 * 0, 1, … in the figure's unit.
 */
export interface RateSeries {
  name: string;
  rates: readonly number[];
  /** Default 'solid'; 'dash' keeps a curve visible on top of a schedule it matches. */
  dash?: 'solid' | 'dash' | 'dot';
}

const AXIS_TITLES: Record<StepUnit, string> = { epoch: 'epoch', iteration: 'iteration (batch update)' };

/**
 * A plotly figure of one or several schedules over steps 0 … length − 1. With one schedule the title shows its
 * formula and the legend its parameters; with several, each legend entry names the schedule and its parameters
 * and the hover shows its formula. Per-epoch rates are drawn as steps (each rate holds for a whole epoch).
 * `RateSeries` entries (a name and rates) are drawn the same way, in the figure's unit.
 *
 * @example
 * const figure = scheduleFigure([new StepDecay(), new PolynomialDecay()], { length: 100 });
 * assert.equal(figure.data.length, 2); // one trace per schedule, for plotly or figureToSvg
 */
export function scheduleFigure(
  schedules: Schedule | RateSeries | (Schedule | RateSeries)[],
  options: ScheduleFigureOptions,
): Figure {
  const list = Array.isArray(schedules) ? schedules : [schedules];
  if (list.length === 0) throw new RangeError('scheduleFigure: give at least one schedule.');
  if (!Number.isInteger(options.length) || options.length <= 0) {
    throw new RangeError(`scheduleFigure: length must be an integer > 0 (got ${options.length}).`);
  }
  const unit = options.unit ?? sharedUnit(list);
  const single = list.length === 1 ? list[0] : undefined;
  const data = list.map((s) => (isSeries(s) ? seriesTrace(s, unit, options.length) : trace(s, unit, options)));
  const singleTitle =
    single && (isSeries(single) ? single.name : `${single.formula}<br><sub>${single.describe()}</sub>`);
  return {
    data,
    layout: figureLayout(
      options.title ?? singleTitle ?? 'Learning-rate schedules',
      { title: { text: AXIS_TITLES[unit] } },
      {
        title: { text: 'learning rate' },
        exponentformat: 'e',
        ...(options.logY
          ? { type: 'log' as const, ...logAxisTicks(data.flatMap((t) => t.y)) }
          : { rangemode: 'tozero' as const }),
      },
      420 + 22 * list.length,
    ),
  };
}

function sharedUnit(list: (Schedule | RateSeries)[]): StepUnit {
  const units = new Set(list.flatMap((s) => (isSeries(s) ? [] : [s.unit])));
  if (units.size === 0) {
    throw new RangeError("scheduleFigure: rate series have no unit of their own; pass unit ('epoch' or 'iteration').");
  }
  if (units.size > 1) {
    throw new RangeError(
      'scheduleFigure: the schedules count different steps (epochs and iterations); ' +
        "pass unit ('epoch' or 'iteration') and iterationsPerEpoch to draw them on one axis.",
    );
  }
  return [...units][0]!;
}

function perEpoch(options: ScheduleFigureOptions, schedule: Schedule): number {
  const n = options.iterationsPerEpoch;
  if (n === undefined || !Number.isInteger(n) || n <= 0) {
    throw new RangeError(
      `scheduleFigure: ${schedule.name} counts ${schedule.unit}s; to draw it per ${schedule.unit === 'epoch' ? 'iteration' : 'epoch'}, ` +
        `pass iterationsPerEpoch, an integer > 0 (got ${n}).`,
    );
  }
  return n;
}

function trace(schedule: Schedule, unit: StepUnit, options: ScheduleFigureOptions): Trace {
  const { length } = options;
  let x: number[];
  let y: number[];
  if (schedule.unit === unit) {
    x = range(length);
    y = x.map((t) => schedule.at(t));
  } else if (schedule.unit === 'iteration') {
    const n = perEpoch(options, schedule);
    const steps = range(length * n);
    x = steps.map((i) => i / n);
    y = steps.map((i) => schedule.at(i));
  } else {
    const n = perEpoch(options, schedule);
    const epochs = range(Math.ceil(length / n));
    x = epochs.map((e) => e * n);
    y = epochs.map((e) => schedule.at(e));
  }
  if (schedule.unit === 'epoch') closeLastStep(x, y, length);
  return {
    type: 'scatter',
    mode: 'lines',
    name: schedule.describe(),
    x,
    y,
    line: { shape: schedule.unit === 'epoch' ? 'hv' : 'linear', width: 2 },
    hovertemplate: `${AXIS_TITLES[unit]} %{x}<br>lr %{y:.4g}<extra>${escapeHtml(schedule.name)}<br>${escapeHtml(schedule.formula)}</extra>`,
  };
}

function isSeries(entry: Schedule | RateSeries): entry is RateSeries {
  return Array.isArray((entry as RateSeries).rates);
}

function seriesTrace({ name, rates, dash = 'solid' }: RateSeries, unit: StepUnit, length: number): Trace {
  if (rates.length < length) {
    throw new RangeError(
      `scheduleFigure: the series '${name}' has ${rates.length} rates; the figure draws ${length} steps.`,
    );
  }
  const x = range(length);
  const y = rates.slice(0, length);
  if (unit === 'epoch') closeLastStep(x, y, length);
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x,
    y,
    line: { shape: unit === 'epoch' ? 'hv' : 'linear', width: 2, dash },
    hovertemplate: `${AXIS_TITLES[unit]} %{x}<br>lr %{y:.4g}<extra>${escapeHtml(name)}</extra>`,
  };
}

/** Each per-epoch rate holds until the next epoch starts: closes the last step at the end of the axis, `length`. */
function closeLastStep(x: number[], y: number[], length: number): void {
  x.push(length);
  y.push(y[y.length - 1]!);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
