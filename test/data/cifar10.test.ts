import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10, CIFAR10_DIR_VARIABLE, Cifar10DataError, locateCifar10, loadCifar10 } from '../../lib/data';
import { findCifar10Dir, readCifar10Batch, readCifar10Meta } from '../../lib/data/cifar10';
import { batchBytes, CLASS_NAMES, label, pixel, tempDir, writeCifarFolder } from './helpers';

const tmp = tempDir('cifar10');
const good = join(tmp.dir, 'good');

/** A folder whose files link to the good copy, except `write` (written, extra names too) and `omit` (left out). */
function variant(name: string, write: Record<string, Uint8Array | string> = {}, omit: string[] = []): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir);
  for (const file of [...CIFAR10.trainFiles, CIFAR10.testFile, CIFAR10.metaFile]) {
    if (!omit.includes(file) && !(file in write)) symlinkSync(join(good, file), join(dir, file));
  }
  for (const [file, content] of Object.entries(write)) writeFileSync(join(dir, file), content);
  return dir;
}

beforeAll(async () => {
  writeCifarFolder(good);
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => tmp.cleanup());

describe('loadCifar10 on a valid copy', () => {
  it('reads 50,000 training and 10,000 test images with labels, classes and NHWC pixels', () => {
    const { train, test, classNames } = loadCifar10(good);
    expect(classNames).toEqual(CLASS_NAMES);
    expect(train.size).toBe(50_000);
    expect(test.size).toBe(10_000);
    expect(train.imageShape).toEqual([32, 32, 3]);
    expect(train.classCounts()).toEqual(new Array(10).fill(5000));
    expect(test.classCounts()).toEqual(new Array(10).fill(1000));
    // record r of data_batch_f.bin is training image 10,000·(f−1) + r
    for (const [file, r] of [[1, 0], [1, 9999], [3, 1234], [5, 9999]] as const) {
      const i = 10_000 * (file - 1) + r;
      expect(train.labels[i]).toBe(label(file, r));
      for (const [y, x, c] of [[0, 0, 0], [0, 1, 2], [5, 17, 1], [31, 31, 2]] as const) {
        expect(train.images[i * 3072 + (y * 32 + x) * 3 + c]).toBe(pixel(file, r, c, y, x));
      }
    }
    expect(test.labels[777]).toBe(label(6, 777));
    expect(test.images[777 * 3072 + (3 * 32 + 4) * 3 + 1]).toBe(pixel(6, 777, 1, 3, 4));
  });

  it('builds float tensors in [0, 1] from the bytes, without leaking', () => {
    const { test } = loadCifar10(good, { trainPerClass: 1, testPerClass: 2, seed: 3 });
    const before = tf.memory().numTensors;
    const { xs, ys } = test.toTensors();
    expect(xs.shape).toEqual([20, 32, 32, 3]);
    expect(ys.shape).toEqual([20, 10]);
    const values = xs.dataSync();
    for (let k = 0; k < values.length; k += 997) expect(values[k]).toBeCloseTo(test.images[k]! / 255, 7);
    expect(tf.tidy(() => ys.sum(0).arraySync())).toEqual(new Array(10).fill(2));
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws class-balanced subsets from a seed, the same for the same seed', () => {
    const a = loadCifar10(good, { trainPerClass: 7, testPerClass: 3, seed: 1 });
    expect(a.train.size).toBe(70);
    expect(a.test.size).toBe(30);
    expect(a.train.classCounts()).toEqual(new Array(10).fill(7));
    expect(a.test.classCounts()).toEqual(new Array(10).fill(3));
    const b = loadCifar10(good, { trainPerClass: 7, testPerClass: 3, seed: 1 });
    expect(b.train.images).toEqual(a.train.images);
    const c = loadCifar10(good, { trainPerClass: 7, testPerClass: 3, seed: 2 });
    expect(c.train.images).not.toEqual(a.train.images);
    expect(() => loadCifar10(good, { trainPerClass: 5001 })).toThrow(/perClass must be ≤ 5000/);
    expect(() => loadCifar10(good, { seed: -1 })).toThrow(/loadCifar10: seed must be an integer/);
  });
});

describe('loadCifar10 says what is wrong, names the file and the fix', () => {
  const expectError = (fn: () => unknown, ...patterns: RegExp[]): void => {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Cifar10DataError);
    for (const pattern of patterns) expect((caught as Error).message).toMatch(pattern);
    expect((caught as Error).message).toMatch(/npm run data/);
  };

  it('a missing folder', () => {
    expectError(() => loadCifar10(join(tmp.dir, 'nowhere')), /The CIFAR-10 folder .*nowhere does not exist/);
  });

  it('a missing file', () => {
    const dir = variant('missing', { data_batch_3: 'not a pickle' }, ['data_batch_3.bin']);
    expectError(() => loadCifar10(dir), new RegExp(`${join(dir, 'data_batch_3.bin')} is missing`));
  });

  it('a truncated file: size not a multiple of 3,073', () => {
    const dir = variant('truncated', { 'test_batch.bin': batchBytes(6, 10_000).subarray(0, 10_000 * 3073 - 1000) });
    expectError(() => loadCifar10(dir), /test_batch\.bin has 30729000 bytes, which is not a whole number of 3,073-byte records/,
      /9999 records and 2073 bytes over/, /exactly 30730000 bytes/);
  });

  it('a whole number of records, but not 10,000', () => {
    const dir = variant('short', { 'data_batch_2.bin': batchBytes(2, 9_999) });
    expectError(() => loadCifar10(dir), /data_batch_2\.bin holds 9999 records \(30726927 bytes\), but each batch file .* holds 10000/);
  });

  it('a label byte > 9 (a foreign file)', () => {
    const dir = variant('label', { 'data_batch_5.bin': batchBytes(5, 10_000, (r) => (r === 4321 ? 12 : 0)) });
    expectError(() => loadCifar10(dir), /data_batch_5\.bin: record 4321 \(byte offset 13278433\) has label byte 12, but CIFAR-10 labels are 0–9/);
  });

  it('a pickle (the python version) given as a .bin file', () => {
    const pickle = Buffer.concat([Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00]), Buffer.from("(U\x04dataq\x01cnumpy.core.multiarray")]);
    const dir = variant('pickle', { 'data_batch_1.bin': pickle });
    expectError(() => loadCifar10(dir), /data_batch_1\.bin belongs to CIFAR-10's python version/, /this is the python version; download the binary version/);
    expectError(() => readCifar10Meta(join(variant('pickle-meta', { 'batches.meta.txt': pickle }), 'batches.meta.txt')), /this is the python version/);
  });

  it('the python version\'s folder (data_batch_1 … without .bin)', () => {
    const dir = join(tmp.dir, 'cifar-10-batches-py');
    mkdirSync(dir);
    writeFileSync(join(dir, 'batches.meta.txt'), CLASS_NAMES.join('\n'));
    for (const name of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch', 'batches.meta']) {
      writeFileSync(join(dir, name), Buffer.from([0x80, 0x02, 0x7d]));
    }
    expectError(() => loadCifar10(dir), /test_batch belongs to CIFAR-10's python version/, /download the binary version/);
  });

  it('a bad batches.meta.txt', () => {
    const dir = variant('meta', { 'batches.meta.txt': CLASS_NAMES.slice(0, 9).join('\n') + '\n' });
    expectError(() => loadCifar10(dir), /batches\.meta\.txt must list the 10 class names, one per line .* but has 9 line\(s\)/);
    const blank = variant('meta-blank', { 'batches.meta.txt': ['airplane', '', ...CLASS_NAMES.slice(2)].join('\n') });
    expectError(() => loadCifar10(blank), /some of them blank/);
    const crlf = variant('meta-crlf', { 'batches.meta.txt': CLASS_NAMES.join('\r\n') + '\r\n\r\n' });
    expect(readCifar10Meta(join(crlf, 'batches.meta.txt'))).toEqual(CLASS_NAMES);
  });

  it('checks a single batch file: readCifar10Batch', () => {
    const dir = join(tmp.dir, 'single');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tiny.bin'), batchBytes(1, 3));
    expectError(() => readCifar10Batch(join(dir, 'tiny.bin')), /tiny\.bin holds 3 records/);
    writeFileSync(join(dir, 'empty.bin'), new Uint8Array(0));
    expectError(() => readCifar10Batch(join(dir, 'empty.bin')), /empty\.bin has 0 bytes/);
    rmSync(dir, { recursive: true });
  });
});

describe('findCifar10Dir', () => {
  it('returns the first folder holding the files, or says how to get them', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cifar-none-'));
    const full = mkdtempSync(join(tmpdir(), 'cifar-some-'));
    writeFileSync(join(full, 'test_batch.bin'), '');
    expect(findCifar10Dir([empty, full])).toBe(full);
    expect(() => findCifar10Dir([empty])).toThrow(/CIFAR-10 \(binary version\) is in none of .*cifar-none-.*\. Run `npm run data`/);
  });
});

describe('$CIFAR10_DIR and locateCifar10', () => {
  const saved = process.env[CIFAR10_DIR_VARIABLE];
  afterAll(() => {
    if (saved === undefined) delete process.env[CIFAR10_DIR_VARIABLE];
    else process.env[CIFAR10_DIR_VARIABLE] = saved;
  });

  it('looks only in $CIFAR10_DIR when it is set, and says so when the data is missing', () => {
    const full = mkdtempSync(join(tmpdir(), 'cifar-env-'));
    writeFileSync(join(full, 'test_batch.bin'), '');
    const missing = join(full, 'nowhere');
    delete process.env[CIFAR10_DIR_VARIABLE];
    expect(locateCifar10([missing, full])).toEqual({ dir: full, message: `CIFAR-10 from ${full}` });
    process.env[CIFAR10_DIR_VARIABLE] = missing;
    expect(() => findCifar10Dir([full])).toThrow(/is in none of .*nowhere\. Run `npm run data`/);
    const located = locateCifar10([full]);
    expect(located.dir).toBeNull();
    expect(located.message).toMatch(/nowhere\. Run `npm run data`.*The cells that train on CIFAR-10 are skipped/);
  });
});
