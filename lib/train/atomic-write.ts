import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` so that a crash leaves either the old file or the new one, never a torn one: it writes
 * a temporary file beside it, fsyncs it, renames it over `path` and fsyncs the folder. A write that fails removes
 * its temporary file. (Only a process killed between the write and the rename leaves one, named `<path>.tmp-<pid>`.)
 *
 * @example
 * const { readFileSync } = fs;
 * writeFileAtomic('history.json', JSON.stringify({ loss: [2.1, 1.7] }));
 * assert.deepEqual(JSON.parse(readFileSync('history.json', 'utf8')), { loss: [2.1, 1.7] });
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
