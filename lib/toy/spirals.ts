import { Prng } from '../random';
import { checkIntegerFrom } from '../schedules/validate';

export interface SpiralsOptions {
  /** Points per arm (default 100). */
  pointsPerClass?: number;
  /** Arms, one class each (default 3). */
  classes?: number;
  /** Standard deviation of the angular noise (default 0.2). */
  noise?: number;
  seed?: number;
}

/** Interleaved spirals in the plane: a small classification problem that a tiny MLP learns in seconds. */
export interface Spirals {
  /** Row-major [n, 2] coordinates in about [−1, 1]. */
  points: Float32Array;
  /** Class of each point, 0 … classes − 1. */
  labels: Int32Array;
  classes: number;
}

/**
 * Arm k: r = i / n, θ = 4 r + 2π k / classes + noise (the CS231n spiral data set).
 *
 * @example
 * const data = spirals({ pointsPerClass: 50, classes: 3, seed: 1 });
 * assert.equal(data.points.length, 2 * 150); // x, y of each point
 * assert.deepEqual([...new Set(data.labels)], [0, 1, 2]);
 */
export function spirals({ pointsPerClass = 100, classes = 3, noise = 0.2, seed = 0 }: SpiralsOptions = {}): Spirals {
  checkIntegerFrom('spirals', 'pointsPerClass', pointsPerClass, 2);
  checkIntegerFrom('spirals', 'classes', classes, 2);
  const prng = new Prng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - prng.float())) * Math.cos(2 * Math.PI * prng.float());
  const n = pointsPerClass * classes;
  const points = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const r = i / (pointsPerClass - 1);
      const theta = 4 * r + (2 * Math.PI * k) / classes + noise * gaussian();
      const j = k * pointsPerClass + i;
      points[2 * j] = r * Math.sin(theta);
      points[2 * j + 1] = r * Math.cos(theta);
      labels[j] = k;
    }
  }
  return { points, labels, classes };
}
