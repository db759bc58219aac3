import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset, DatasetParameterError } from '../../lib/data';

/** n images of 2×2×3 whose bytes encode their index; labels from `labelOf`. */
function toy(n: number, labelOf: (i: number) => number, classes = 3): Dataset {
  const images = new Uint8Array(n * 12);
  for (let i = 0; i < n; i++) for (let p = 0; p < 12; p++) images[i * 12 + p] = (i * 12 + p) % 256;
  const labels = Uint8Array.from({ length: n }, (_, i) => labelOf(i));
  return new Dataset({ images, labels, classNames: ['a', 'b', 'c'].slice(0, classes), imageShape: [2, 2, 3] });
}

/** The image index encoded in an xs row (first byte / 255 · 255 / 12, for n ≤ 21). */
function indexOf(xs: number[]): number {
  return Math.round((xs[0]! * 255) / 12);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('Dataset tensors', () => {
  it('scales bytes to [0, 1] float32 NHWC and one-hot encodes labels', () => {
    const data = toy(4, (i) => i % 3);
    const { xs, ys } = data.toTensors();
    try {
      expect(xs.shape).toEqual([4, 2, 2, 3]);
      expect(xs.dtype).toBe('float32');
      expect(ys.shape).toEqual([4, 3]);
      const flat = xs.dataSync();
      for (let k = 0; k < flat.length; k++) expect(flat[k]).toBeCloseTo(data.images[k]! / 255, 7);
      expect(ys.arraySync()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  });

  it('batches one epoch: every image once, seeded order per (seed, epoch), last batch kept or dropped', () => {
    const data = toy(21, (i) => i % 3);
    const epoch = (options: { seed?: number; epoch?: number; shuffle?: boolean; dropRemainder?: boolean }): number[][] => {
      const out: number[][] = [];
      for (const { xs, ys } of data.batches(8, options)) {
        out.push(tf.tidy(() => (xs.reshape([xs.shape[0], 12]).arraySync() as number[][]).map(indexOf)));
        tf.dispose([xs, ys]);
      }
      return out;
    };
    const before = tf.memory().numTensors;
    const ordered = epoch({ shuffle: false });
    expect(ordered).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11, 12, 13, 14, 15], [16, 17, 18, 19, 20]]);
    const e0 = epoch({ seed: 1, epoch: 0 });
    expect(e0.map((b) => b.length)).toEqual([8, 8, 5]);
    expect(e0.flat().sort((a, b) => a - b)).toEqual(ordered.flat());
    expect(e0.flat()).not.toEqual(ordered.flat());
    expect(epoch({ seed: 1, epoch: 0 })).toEqual(e0);
    expect(epoch({ seed: 1, epoch: 1 })).not.toEqual(e0);
    expect(epoch({ seed: 2, epoch: 0 })).not.toEqual(e0);
    expect(epoch({ seed: 1, epoch: 0, dropRemainder: true })).toEqual(e0.slice(0, 2));
    expect(data.batchCount(8)).toBe(3);
    expect(data.batchCount(8, true)).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('labels travel with their images', () => {
    const data = toy(21, (i) => (i * 7) % 3);
    const [batch] = data.batches(21, { seed: 9 });
    const before = tf.memory().numTensors;
    const rows = tf.tidy(() => (batch!.xs.reshape([21, 12]).arraySync() as number[][]).map(indexOf));
    const labels = tf.tidy(() => batch!.ys.argMax(1).arraySync() as number[]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch!.xs, batch!.ys]);
    rows.forEach((i, k) => expect(labels[k]).toBe((i * 7) % 3));
  });

  it('leaves no tensors behind when the caller stops early', () => {
    const data = toy(21, (i) => i % 3);
    const before = tf.memory().numTensors;
    for (const { xs, ys } of data.batches(4)) {
      tf.dispose([xs, ys]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Dataset subsets', () => {
  it('draws class-balanced subsets reproducibly from a seed, in stored order', () => {
    const data = toy(21, (i) => (i < 12 ? 0 : i < 18 ? 1 : 2)); // 12 / 6 / 3 images
    const sub = data.balancedSubset(3, 1);
    expect(sub.size).toBe(9);
    expect(sub.classCounts()).toEqual([3, 3, 3]);
    expect([...sub.labels]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(sub.images).toEqual(data.balancedSubset(3, 1).images);
    const picks = (seed: number): string => {
      const s = data.balancedSubset(2, seed);
      return Array.from({ length: s.size }, (_, k) => s.images[k * 12]! / 12).join(',');
    };
    expect(new Set([1, 2, 3, 4, 5, 6].map(picks)).size).toBeGreaterThan(1);
    expect(() => data.balancedSubset(4, 1)).toThrow(/perClass must be ≤ 3, the size of the smallest class \(got 4\)\. Class 2 \(c\) has only 3 images/);
    expect(() => data.balancedSubset(0, 1)).toThrow(DatasetParameterError);
  });

  it('select copies the chosen images and labels', () => {
    const data = toy(5, (i) => i % 3);
    const sub = data.select([4, 0]);
    expect([...sub.labels]).toEqual([1, 0]);
    expect([...sub.images.subarray(0, 12)]).toEqual([...data.images.subarray(48, 60)]);
    expect(() => data.select([5])).toThrow(/indices\[0\] must be an integer in \[0, 4\] \(got 5\)/);
  });

  it('rejects inconsistent contents and bad arguments', () => {
    expect(() => new Dataset({ images: new Uint8Array(11), labels: new Uint8Array(1), classNames: ['a'], imageShape: [2, 2, 3] }))
      .toThrow(/images.length must be labels.length · 12 = 12 \(got 11\)/);
    expect(() => new Dataset({ images: new Uint8Array(12), labels: Uint8Array.of(3), classNames: ['a', 'b'], imageShape: [2, 2, 3] }))
      .toThrow(/labels\[0\] must be < 2/);
    const data = toy(4, () => 0);
    expect(() => data.batchCount(0)).toThrow(/batchSize must be an integer ≥ 1 \(got 0\)/);
    expect(() => data.order({ epoch: -1 })).toThrow(/epoch must be an integer/);
  });
});
