/**
 * An image classification data set held as bytes, with float tensors built per batch or on demand.
 *
 * Images stay uint8 (NHWC) in one Uint8Array; `batches()` builds each batch's float32 tensors when it is asked for,
 * so an epoch over CIFAR-10's 50,000 training images holds one 150 MB byte array and one batch of floats, never the
 * 614 MB float copy of the whole set.
 */
import * as tf from '@tensorflow/tfjs';
import { checkSeed, permutation, Prng } from '../random';
import { parameterMessage, parameterProblem } from '../schedules/validate';

/** A bad argument to a `Dataset` method. The message names the parameter, its allowed range and the value. */
export class DatasetParameterError extends RangeError {
  override name = 'DatasetParameterError';
}

/** Images and labels as tensors; the caller disposes both. */
export interface Batch {
  /** [n, height, width, channels] float32, pixels scaled to [0, 1] (byte / 255). */
  xs: tf.Tensor4D;
  /** [n, classes] float32 one-hot labels. */
  ys: tf.Tensor2D;
}

/** The order in which `batches()` visits the images. */
export interface BatchOrder {
  /** Visit the images in a seeded random order (default true); false keeps the stored order. */
  shuffle?: boolean;
  /** Integer seed in [0, 2³²) of the shuffle (default 0). */
  seed?: number;
  /** 0-based epoch, an integer in [0, 2³²): each epoch has its own order, reproducible from (seed, epoch) (default 0). */
  epoch?: number;
}

/** Options of `batches()`. */
export interface BatchOptions extends BatchOrder {
  /** Leave out a last batch smaller than batchSize (default false: Keras' `fit` keeps it). */
  dropRemainder?: boolean;
}

/** The contents of a `Dataset`. The arrays are kept, not copied. */
export interface DatasetInit {
  /** size × height × width × channels pixel bytes, NHWC. */
  images: Uint8Array;
  /** One label in [0, classNames.length) per image. */
  labels: Uint8Array;
  /** Class names in label order. */
  classNames: readonly string[];
  /** [height, width, channels] of one image. */
  imageShape: readonly [number, number, number];
}

function fail(param: string, allowed: string, value: unknown, hint = ''): never {
  throw new DatasetParameterError(parameterMessage('Dataset', parameterProblem(param, allowed, value), hint));
}

/**
 * Labelled uint8 images; immutable.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 6 * 2 * 2 * 3 }, (_, i) => i % 256), // six 2 × 2 RGB images
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1]), classNames: ['cat', 'dog'], imageShape: [2, 2, 3],
 * });
 * assert.deepEqual(set.classCounts(), [3, 3]);
 * assert.equal(set.balancedSubset(2, 0).size, 4);
 * const sizes = [...set.batches(4, { seed: 0, epoch: 0 })].map(({ xs, ys }) => {
 *   const size = xs.shape[0];
 *   tf.dispose([xs, ys]);
 *   return size;
 * });
 * assert.deepEqual(sizes, [4, 2]); // float32 images in [0, 1] and one-hot labels, built batch by batch
 */
export class Dataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly classNames: readonly string[];
  readonly imageShape: readonly [number, number, number];
  /** Number of images. */
  readonly size: number;
  /** Bytes per image: height · width · channels. */
  readonly imageBytes: number;

  constructor({ images, labels, classNames, imageShape }: DatasetInit) {
    const [h, w, c] = imageShape;
    for (const [name, v] of [['height', h], ['width', w], ['channels', c]] as const) {
      if (!Number.isInteger(v) || v <= 0) fail(`imageShape ${name}`, 'an integer > 0', v);
    }
    if (classNames.length < 1 || classNames.length > 256) fail('classNames.length', 'in [1, 256]', classNames.length);
    this.imageBytes = h * w * c;
    if (images.length !== labels.length * this.imageBytes) {
      fail('images.length', `labels.length · ${this.imageBytes} = ${labels.length * this.imageBytes}`, images.length,
        'Give one label per image, images in NHWC byte order.');
    }
    const bad = labels.findIndex((label) => label >= classNames.length);
    if (bad >= 0) fail(`labels[${bad}]`, `< ${classNames.length} (the number of classes)`, labels[bad]);
    this.images = images;
    this.labels = labels;
    this.classNames = Object.freeze([...classNames]);
    this.imageShape = Object.freeze([h, w, c] as const);
    this.size = labels.length;
    Object.freeze(this);
  }

  /** Number of images of each class, in label order. */
  classCounts(): number[] {
    const counts = new Array<number>(this.classNames.length).fill(0);
    for (const label of this.labels) counts[label]!++;
    return counts;
  }

  /** A new data set of the images at `indices`, in that order (the bytes are copied). */
  select(indices: ArrayLike<number>): Dataset {
    const n = indices.length;
    const images = new Uint8Array(n * this.imageBytes);
    const labels = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = this.checkIndex(indices[k]!, `indices[${k}]`);
      images.set(this.images.subarray(i * this.imageBytes, (i + 1) * this.imageBytes), k * this.imageBytes);
      labels[k] = this.labels[i]!;
    }
    return new Dataset({ images, labels, classNames: this.classNames, imageShape: this.imageShape });
  }

  /**
   * A class-balanced random subset: `perClass` images of every class, drawn without replacement with a seeded
   * generator (the same seed gives the same subset), kept in their stored order.
   */
  balancedSubset(perClass: number, seed: number): Dataset {
    if (!Number.isInteger(perClass) || perClass < 1) fail('perClass', 'an integer ≥ 1', perClass);
    checkSeed('Dataset.balancedSubset', 'seed', seed);
    const counts = this.classCounts();
    const short = counts.findIndex((count) => count < perClass);
    if (short >= 0) {
      fail('perClass', `≤ ${Math.min(...counts)}, the size of the smallest class`, perClass,
        `Class ${short} (${this.classNames[short]}) has only ${counts[short]} images.`);
    }
    const taken = new Array<number>(this.classNames.length).fill(0);
    const chosen: number[] = [];
    for (const i of permutation(this.size, new Prng(seed))) {
      const label = this.labels[i]!;
      if (taken[label]! < perClass) {
        taken[label]!++;
        chosen.push(i);
      }
    }
    return this.select(chosen.sort((a, b) => a - b));
  }

  /** The order in which `batches()` visits the images: 0…size−1, or a permutation seeded by (seed, epoch). */
  order({ shuffle = true, seed = 0, epoch = 0 }: BatchOrder = {}): Uint32Array {
    checkSeed('Dataset', 'seed', seed);
    checkSeed('Dataset', 'epoch', epoch);
    if (shuffle) return permutation(this.size, new Prng(seed, epoch));
    return Uint32Array.from({ length: this.size }, (_, i) => i);
  }

  /** Number of batches per epoch: ⌈size / batchSize⌉, or ⌊size / batchSize⌋ with dropRemainder. */
  batchCount(batchSize: number, dropRemainder = false): number {
    this.checkBatchSize(batchSize);
    return dropRemainder ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
  }

  /**
   * One epoch of batches in the order of `order(options)`. Each batch's tensors are built when the generator is
   * advanced, and belong to the caller, who disposes them; stopping early leaves nothing behind.
   */
  *batches(batchSize: number, options: BatchOptions = {}): Generator<Batch, void, undefined> {
    const count = this.batchCount(batchSize, options.dropRemainder);
    const order = this.order(options);
    for (let b = 0; b < count; b++) {
      yield this.tensors(order.subarray(b * batchSize, Math.min((b + 1) * batchSize, this.size)));
    }
  }

  /** Every image, in stored order, as one batch: for small subsets (the full CIFAR-10 training set is 614 MB). */
  toTensors(): Batch {
    return this.tensors(Uint32Array.from({ length: this.size }, (_, i) => i));
  }

  /** The images at `indices` as tensors: xs = byte / 255 in NHWC float32, ys one-hot float32. */
  tensors(indices: ArrayLike<number>): Batch {
    const n = indices.length;
    const classes = this.classNames.length;
    const xs = new Float32Array(n * this.imageBytes);
    const ys = new Float32Array(n * classes);
    for (let k = 0; k < n; k++) {
      const i = this.checkIndex(indices[k]!, `indices[${k}]`);
      const src = i * this.imageBytes;
      const dst = k * this.imageBytes;
      for (let p = 0; p < this.imageBytes; p++) xs[dst + p] = this.images[src + p]! / 255;
      ys[k * classes + this.labels[i]!] = 1;
    }
    return {
      xs: tf.tensor4d(xs, [n, ...this.imageShape]),
      ys: tf.tensor2d(ys, [n, classes]),
    };
  }

  private checkIndex(i: number, param: string): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) fail(param, `an integer in [0, ${this.size - 1}]`, i);
    return i;
  }

  private checkBatchSize(batchSize: number): void {
    if (!Number.isInteger(batchSize) || batchSize < 1) fail('batchSize', 'an integer ≥ 1', batchSize);
  }
}
