/**
 * Loading CIFAR-10's binary version from a folder (data/cifar-10-batches-bin after `npm run data`) into
 * `Dataset`s, whole or as class-balanced seeded subsets. As in the article, pixels are only scaled to [0, 1]:
 * no mean subtraction, no augmentation.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CIFAR10, CIFAR10_FIX, Cifar10DataError, type Cifar10Records, decodeBatch, decodeMeta, looksLikePickle,
  pythonVersionMessage,
} from './cifar10-format';
import { Dataset } from './dataset';
import { checkSeed } from '../random';

/** Where `npm run data` puts the files, relative to the repository root. */
export const CIFAR10_DEFAULT_DIR = 'data/cifar-10-batches-bin';

/** Which part of CIFAR-10 to load. */
export interface LoadCifar10Options {
  /** Keep this many training images per class (1…5,000), drawn with `seed`; default all 50,000 images. */
  trainPerClass?: number;
  /** Keep this many test images per class (1…1,000), drawn with `seed`; default all 10,000 images. */
  testPerClass?: number;
  /** Integer seed in [0, 2³²) of the subsets (default 0). */
  seed?: number;
}

/** CIFAR-10's training and test sets. */
export interface Cifar10 {
  train: Dataset;
  test: Dataset;
  /** The ten class names from batches.meta.txt, in label order. */
  classNames: readonly string[];
}

/**
 * For a missing batch file `…/data_batch_1.bin`, the python version's `…/data_batch_1` if it is there and is a
 * pickle: the sign that the python version was unpacked instead of the binary one.
 */
export function pythonTwin(path: string): string | undefined {
  const twin = path.replace(/\.bin$/, '');
  if (twin === path || !existsSync(twin) || !statSync(twin).isFile()) return undefined;
  const head = new Uint8Array(2);
  const fd = openSync(twin, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return looksLikePickle(head) ? twin : undefined;
}

function readFile(path: string): Uint8Array {
  if (!existsSync(path)) {
    const twin = pythonTwin(path);
    if (twin !== undefined) throw new Cifar10DataError(pythonVersionMessage(twin));
    throw new Cifar10DataError(`${path} is missing. ${CIFAR10_FIX}`);
  }
  if (!statSync(path).isFile()) throw new Cifar10DataError(`${path} is not a file. ${CIFAR10_FIX}`);
  return readFileSync(path);
}

/** Checks and decodes one batch file (data_batch_N.bin or test_batch.bin); errors name the file. */
export function readCifar10Batch(path: string): Cifar10Records {
  return decodeBatch(path, readFile(path));
}

/** Checks and reads the class names of batches.meta.txt. */
export function readCifar10Meta(path: string): string[] {
  return decodeMeta(path, readFile(path));
}

function checkFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Cifar10DataError(`The CIFAR-10 folder ${dir} does not exist or is not a folder. ${CIFAR10_FIX}`);
  }
}

function datasetOf(paths: string[], classNames: readonly string[]): Dataset {
  const images = new Uint8Array(paths.length * CIFAR10.recordsPerFile * CIFAR10.imageBytes);
  const labels = new Uint8Array(paths.length * CIFAR10.recordsPerFile);
  paths.forEach((path, k) => {
    const part = readCifar10Batch(path); // one file's bytes at a time
    images.set(part.images, k * part.images.length);
    labels.set(part.labels, k * part.labels.length);
  });
  return new Dataset({ images, labels, classNames, imageShape: [CIFAR10.height, CIFAR10.width, CIFAR10.channels] });
}

/**
 * Loads CIFAR-10 from `dir`, a folder holding data_batch_1.bin … data_batch_5.bin, test_batch.bin and
 * batches.meta.txt. Every file is checked (see `decodeBatch`); a `Cifar10DataError` names the first bad one.
 * With `trainPerClass` / `testPerClass`, each set is cut to a class-balanced subset drawn with `seed`.
 *
 * @example
 * // With the data (`npm run data`): 100 training and 100 test images per class, drawn with seed 0.
 * // const { train, test } = loadCifar10('data/cifar-10-batches-bin', { trainPerClass: 100, testPerClass: 100 });
 * // Without it, the error says how to get it:
 * assert.throws(() => loadCifar10('no-data-here'),
 *   (error: unknown) => error instanceof Cifar10DataError && /The CIFAR-10 folder no-data-here does not exist.* Run `npm run data`/.test(error.message));
 */
export function loadCifar10(dir: string = CIFAR10_DEFAULT_DIR, options: LoadCifar10Options = {}): Cifar10 {
  const { trainPerClass, testPerClass, seed = 0 } = options;
  checkSeed('loadCifar10', 'seed', seed);
  checkFolder(dir);
  const classNames = readCifar10Meta(join(dir, CIFAR10.metaFile));
  const test = datasetOf([join(dir, CIFAR10.testFile)], classNames);
  const train = datasetOf(CIFAR10.trainFiles.map((name) => join(dir, name)), classNames);
  return {
    train: trainPerClass === undefined ? train : train.balancedSubset(trainPerClass, seed),
    test: testPerClass === undefined ? test : test.balancedSubset(testPerClass, seed),
    classNames,
  };
}

/** The environment variable that, when set, names the only folder `findCifar10Dir` and `locateCifar10` look in. */
export const CIFAR10_DIR_VARIABLE = 'CIFAR10_DIR';

function searched(candidates: readonly string[]): readonly string[] {
  const chosen = process.env[CIFAR10_DIR_VARIABLE];
  return chosen === undefined ? candidates : [chosen];
}

/**
 * The first of `candidates` that holds CIFAR-10's binary files (or $CIFAR10_DIR alone, when set); throws a
 * `Cifar10DataError` that says how to get the data when none does.
 */
export function findCifar10Dir(candidates: readonly string[]): string {
  const where = searched(candidates);
  const found = where.find((dir) => existsSync(join(dir, CIFAR10.testFile)));
  if (found === undefined) throw new Cifar10DataError(`CIFAR-10 (binary version) is in none of ${where.join(', ')}. ${CIFAR10_FIX}`);
  return found;
}

/**
 * Like `findCifar10Dir`, for notebooks that go on without the data: `dir` is the folder, or null when none of
 * the candidates holds it, and `message` says which (and, when missing, how to get it).
 *
 * @example
 * const { dir, message } = locateCifar10(['/nonexistent/cifar-10-batches-bin']);
 * if (dir === null) console.log(message); // where it looked, how to get the data, what is skipped
 */
export function locateCifar10(candidates: readonly string[]): { dir: string | null; message: string } {
  try {
    const dir = findCifar10Dir(candidates);
    return { dir, message: `CIFAR-10 from ${dir}` };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { dir: null, message: `${why} The cells that train on CIFAR-10 are skipped; the rest of the chapter runs.` };
  }
}
