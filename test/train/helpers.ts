import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../lib/data';
import { Prng } from '../../lib/random';
import type { RunData, RunHistory } from '../../lib/train';

export const CLASS_NAMES = ['stripe-0', 'stripe-1', 'stripe-2', 'stripe-3'];

/**
 * `perClass` noisy 32×32 RGB images of each of 4 classes, class c being a bright horizontal band on rows
 * 8c … 8c + 7: a problem the tiny ResNet learns in a few updates.
 */
export function stripes(perClass: number, seed: number): Dataset {
  const prng = new Prng(seed);
  const n = perClass * CLASS_NAMES.length;
  const images = new Uint8Array(n * 32 * 32 * 3);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % CLASS_NAMES.length;
    labels[i] = c;
    for (let y = 0; y < 32; y++) {
      for (let p = 0; p < 32 * 3; p++) {
        const base = Math.floor(y / 8) === c ? 200 : 40;
        images[(i * 32 + y) * 96 + p] = base + Math.floor(prng.float() * 50);
      }
    }
  }
  return new Dataset({ images, labels, classNames: CLASS_NAMES, imageShape: [32, 32, 3] });
}

/** Training and test sets of the stripes problem. */
export function stripesData(trainPerClass: number, testPerClass: number): RunData {
  return { train: stripes(trainPerClass, 1), test: stripes(testPerClass, 2) };
}

/** A fresh temporary folder; `cleanup` removes it. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lr-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A run's history without the seconds, which differ from run to run. */
export const withoutTime = ({ seconds: _seconds, ...rest }: RunHistory): Omit<RunHistory, 'seconds'> => rest;

/** A maker of temporary folders named `prefix`, each removed after the test that asked for it. */
export function tempFolders(prefix: string): () => string {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
  });
  return () => {
    const { dir, cleanup } = tempDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}
