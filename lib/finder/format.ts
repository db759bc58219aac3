/** A number in messages: four significant digits, no trailing zeros. */
export function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}
