import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10 } from '../../lib/data';

export const CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** A fresh temporary folder; `cleanup` removes it. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `lr-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The synthetic pixel of file `file`, record r, channel c, row y, column x: a pattern that exposes any mix-up of planes, rows or records. */
export function pixel(file: number, r: number, c: number, y: number, x: number): number {
  return (file * 31 + r * 7 + c * 85 + y * 3 + x) & 0xff;
}

/** The synthetic label of file `file`, record r: every class 1,000 times per file. */
export function label(file: number, r: number): number {
  return (3 * r + file) % 10;
}

/** `records` records in the binary layout (label byte, then the R, G and B planes, row-major). */
export function batchBytes(file: number, records: number, labelOf: (r: number) => number = (r) => label(file, r)): Buffer {
  const bytes = Buffer.alloc(records * CIFAR10.recordBytes);
  for (let r = 0; r < records; r++) {
    let o = r * CIFAR10.recordBytes;
    bytes[o++] = labelOf(r);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) bytes[o++] = pixel(file, r, c, y, x);
  }
  return bytes;
}

/** Writes a complete, valid synthetic copy of the binary version into `dir`: files 1–5 train, 6 test. */
export function writeCifarFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  CIFAR10.trainFiles.forEach((name, k) => writeFileSync(join(dir, name), batchBytes(k + 1, CIFAR10.recordsPerFile)));
  writeFileSync(join(dir, CIFAR10.testFile), batchBytes(6, CIFAR10.recordsPerFile));
  writeFileSync(join(dir, CIFAR10.metaFile), CLASS_NAMES.join('\n') + '\n\n');
}
