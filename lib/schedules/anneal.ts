/** How a schedule moves between two values: along a half cosine, or a straight line. */
export type Anneal = 'cos' | 'linear';

/**
 * The value a `fraction` (0 … 1) of the way from `from` to `to`, as PyTorch's `OneCycleLR` and optax's
 * interpolating schedules compute it:
 *
 *     cos:     to + (from − to) / 2 · (cos(π · fraction) + 1)
 *     linear:  (to − from) · fraction + from
 */
export function interpolate(anneal: Anneal, from: number, to: number, fraction: number): number {
  return anneal === 'cos' ? to + ((from - to) / 2) * (Math.cos(Math.PI * fraction) + 1) : (to - from) * fraction + from;
}
