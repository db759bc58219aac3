/**
 * Axis ticks at "nice" values (1, 2 or 5 × a power of ten), as d3-scale's `ticks`.
 */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)));
}

/**
 * Ticks for a log axis over [min, max] (both > 0): 1, 2 and 5 of each decade when the range spans at most three
 * decades (evenly spaced values within a narrower range), otherwise powers of ten (every k-th one for very wide
 * ranges).
 */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const within = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  if (hi - lo <= 3) {
    const ticks: number[] = [];
    for (let e = lo; e <= hi; e++) for (const m of [1, 2, 5]) ticks.push(Number((m * 10 ** e).toPrecision(12)));
    const inside = ticks.filter(within);
    if (inside.length >= 2) return inside;
    if (hi - lo <= 1) return niceTicks(min, max, 4).filter((v) => v > 0);
  }
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(Number((10 ** e).toPrecision(12)));
  return ticks;
}

/**
 * Explicit plotly ticks for a log axis showing `values` (plotly's own labels minor ticks with bare digits).
 */
export function logAxisTicks(values: number[]): { tickvals: number[]; ticktext: string[] } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (!positive.length) return { tickvals: [], ticktext: [] };
  const tickvals = logTicks(Math.min(...positive), Math.max(...positive));
  return { tickvals, ticktext: tickvals.map(tickLabel) };
}

/** A short label for a tick value: plain for moderate magnitudes, exponent form otherwise. */
export function tickLabel(value: number): string {
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e-3 && a < 1e5 ? String(Number(value.toPrecision(6))) : value.toExponential().replace(/\.?0+e/, 'e');
}
