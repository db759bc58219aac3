/**
 * The one test on the real CIFAR-10: the verified offline copy at ../shared/data/cifar-10-batches-bin (relative to
 * the repository root), checked against the facts in its SOURCE.md. Skipped, with the reason in its title, where the
 * folder is absent; in CI (process.env.CI set) its absence is a failure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10 } from '../../lib/data';
import { CLASS_NAMES } from './helpers';

const DIR = join(__dirname, '../..', '../shared/data/cifar-10-batches-bin');
const present = existsSync(DIR);

describe('the real CIFAR-10 (binary version)', () => {
  if (!present && !process.env.CI) {
    it.skip(`skipped: ${DIR} is absent (the offline copy of the data set); set CI to make its absence a failure`, () => {});
    return;
  }

  it('loads, with the class counts, labels and pixel means of SOURCE.md', () => {
    expect(present, `${DIR} is absent, and CI is set`).toBe(true);
    const { train, test, classNames } = loadCifar10(DIR);
    expect(classNames).toEqual(CLASS_NAMES);
    expect(train.classCounts()).toEqual(new Array(10).fill(5000));
    expect(test.classCounts()).toEqual(new Array(10).fill(1000));
    const batch1 = new Array<number>(10).fill(0);
    for (const label of train.labels.subarray(0, 10_000)) batch1[label]!++;
    expect(batch1).toEqual([1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981]);
    expect(classNames[train.labels[0]!]).toBe('frog');
    expect([...test.labels.subarray(0, 10)]).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(classNames[test.labels[0]!]).toBe('cat');
    // per-channel means of the training pixels scaled to [0, 1]: CIFAR-10's published 0.4914 / 0.4822 / 0.4465
    const sums = [0, 0, 0];
    for (let k = 0; k < train.images.length; k++) sums[k % 3]! += train.images[k]!;
    const means = sums.map((s) => s / (train.size * 1024) / 255);
    expect(means[0]).toBeCloseTo(0.4914, 4);
    expect(means[1]).toBeCloseTo(0.4822, 4);
    expect(means[2]).toBeCloseTo(0.4465, 4);
  });
});
