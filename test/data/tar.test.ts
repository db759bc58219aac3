import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TarFormatError } from '../../lib/data';
import { readTar } from '../../lib/data/tar';
import { tempDir } from './helpers';

const tmp = tempDir('tar');
afterAll(() => tmp.cleanup());

/** An archive made by the system's tar (GNU tar) from a small tree, in the given format. */
function systemTar(format: 'gnu' | 'ustar' | 'pax'): Uint8Array {
  const root = join(tmp.dir, format);
  const long = join(root, 'a'.repeat(60), 'b'.repeat(60));
  mkdirSync(long, { recursive: true });
  writeFileSync(join(root, 'empty.txt'), '');
  writeFileSync(join(root, 'block.bin'), Buffer.alloc(512, 7));
  writeFileSync(join(long, 'data.bin'), Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 251)));
  const archive = join(tmp.dir, `${format}.tar`);
  execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', root, 'empty.txt', 'block.bin', 'a'.repeat(60)]);
  return readFileSync(archive);
}

describe('readTar', () => {
  for (const format of ['ustar', 'gnu', 'pax'] as const) {
    it(`reads files and folders of a ${format} archive from the system's tar`, () => {
      const entries = readTar(systemTar(format));
      const files = entries.filter((e) => e.type === 'file');
      expect(files.map((e) => e.name)).toEqual(['empty.txt', 'block.bin', `${'a'.repeat(60)}/${'b'.repeat(60)}/data.bin`]);
      expect(files[0]!.data.length).toBe(0);
      expect([...files[1]!.data]).toEqual(new Array(512).fill(7));
      expect([...files[2]!.data]).toEqual(Array.from({ length: 1500 }, (_, i) => i % 251));
      expect(entries.filter((e) => e.type === 'directory').map((e) => e.name.replace(/\/$/, ''))).toEqual([
        'a'.repeat(60), `${'a'.repeat(60)}/${'b'.repeat(60)}`,
      ]);
    });
  }

  it('rejects a damaged header, a truncated archive and one without its end block', () => {
    const tar = systemTar('ustar');
    const damaged = Uint8Array.from(tar);
    damaged[3] = damaged[3]! ^ 1;
    expect(() => readTar(damaged)).toThrow(TarFormatError);
    expect(() => readTar(damaged)).toThrow(/tar header at byte 0: checksum \d+ ≠ \d+; the archive is damaged or not a tar file/);
    // ustar layout here: empty.txt's header at 0, block.bin's at 512 and its data at 1024…1535
    expect(() => readTar(tar.subarray(0, 1024 + 100))).toThrow(/tar entry 'block.bin' needs 512 bytes at byte 1024, past the end .*truncated/);
    expect(() => readTar(tar.subarray(0, 1536))).toThrow(/ends without its end-of-archive block: it is truncated/);
    expect(() => readTar(new Uint8Array(512).fill(65))).toThrow(/checksum field is not an octal number/);
  });
});
