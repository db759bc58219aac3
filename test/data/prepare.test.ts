import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10, CIFAR10_ARCHIVE, CIFAR10_FILES, Cifar10DataError, prepareCifar10 } from '../../lib/data';
import { md5OfFile } from '../../lib/data/prepare';
import { batchBytes, tempDir, writeCifarFolder } from './helpers';

const tmp = tempDir('prepare');
/** Holds cifar-10-batches-bin/, as the official archive does. */
const src = join(tmp.dir, 'src');
const good = join(src, 'cifar-10-batches-bin');

/** A .tar.gz made by the system's tar of the folders under `root`. */
function archive(name: string, root: string, ...members: string[]): string {
  const path = join(tmp.dir, name);
  execFileSync('tar', ['-czf', path, '-C', root, ...members]);
  return path;
}

/** Files left in `dir` by a run (the temporary names contain '.partial-' or '.download-'). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.(partial|download)-/.test(name));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  writeCifarFolder(good);
  writeFileSync(join(good, 'readme.html'), '<html></html>');
});
afterAll(() => tmp.cleanup());

describe('prepareCifar10 (npm run data)', () => {
  const outRoot = join(tmp.dir, 'out');
  const out = join(outRoot, 'cifar-10-batches-bin');

  it('--from a .tar.gz: unpacks the seven files, checks them, leaves nothing else behind', async () => {
    const tgz = archive('binary.tar.gz', src, 'cifar-10-batches-bin');
    const lines: string[] = [];
    const result = await prepareCifar10({ out, from: tgz, log: (line) => lines.push(line) });
    expect(result.installed).toBe(true);
    expect(result.dir).toBe(out);
    expect(result.trainCounts).toEqual(new Array(10).fill(5000));
    expect(result.testCounts).toEqual(new Array(10).fill(1000));
    expect(result.classNames[6]).toBe('frog');
    expect(readdirSync(out).sort()).toEqual([...CIFAR10_FILES].sort());
    for (const name of CIFAR10_FILES) expect(readFileSync(join(out, name)).equals(readFileSync(join(good, name))), name).toBe(true);
    expect(readdirSync(outRoot)).toEqual(['cifar-10-batches-bin']);
    expect(lines.join('\n')).toMatch(new RegExp(`md5 ${md5OfFile(tgz)} is not the official archive's \\(${CIFAR10_ARCHIVE.md5}\\)`));
  });

  it('without --from, keeps a valid copy and downloads nothing', async () => {
    const result = await prepareCifar10({ out });
    expect(result.installed).toBe(false);
    expect(result.trainCounts).toEqual(new Array(10).fill(5000));
  });

  it('a bad member: fails naming the archive and the file, and leaves the existing copy as it was', async () => {
    const bad = join(tmp.dir, 'bad', 'cifar-10-batches-bin');
    mkdirSync(bad, { recursive: true });
    for (const name of CIFAR10_FILES) copyFileSync(join(good, name), join(bad, name));
    writeFileSync(join(bad, CIFAR10.testFile), batchBytes(6, 10_000).subarray(0, 5_000_000));
    const tgz = archive('bad.tar.gz', join(tmp.dir, 'bad'), 'cifar-10-batches-bin');
    const before = readFileSync(join(out, CIFAR10.testFile));
    const error = await rejection(prepareCifar10({ out, from: tgz }));
    expect(error).toBeInstanceOf(Cifar10DataError);
    expect(error.message).toMatch(new RegExp(`^${tgz}: test_batch\\.bin has 5000000 bytes, which is not a whole number of 3,073-byte records`));
    expect(readFileSync(join(out, CIFAR10.testFile)).equals(before)).toBe(true);
    expect(leftovers(outRoot)).toEqual([]);
  });

  it('--from a folder (or its parent), replacing what was there', async () => {
    writeFileSync(join(out, 'stale.txt'), 'old');
    const result = await prepareCifar10({ out, from: src });
    expect(result.installed).toBe(true);
    expect(readdirSync(out).sort()).toEqual([...CIFAR10_FILES].sort());
    expect(readdirSync(outRoot)).toEqual(['cifar-10-batches-bin']);
  });

  it('a truncated .tar.gz, an archive lacking files, the python version, a wrong path: clear errors, no partial files', async () => {
    const fresh = join(tmp.dir, 'fresh', 'cifar-10-batches-bin');
    const full = archive('full.tar.gz', src, 'cifar-10-batches-bin');
    const cut = join(tmp.dir, 'cut.tar.gz');
    copyFileSync(full, cut);
    truncateSync(cut, Math.floor(readFileSync(full).length / 2));
    expect((await rejection(prepareCifar10({ out: fresh, from: cut }))).message).toMatch(/cut\.tar\.gz is not a readable gzip file .*truncated or damaged/);

    const partial = archive('partial.tar.gz', src, 'cifar-10-batches-bin/data_batch_1.bin', 'cifar-10-batches-bin/batches.meta.txt');
    expect((await rejection(prepareCifar10({ out: fresh, from: partial }))).message).toMatch(
      /partial\.tar\.gz lacks data_batch_2\.bin, data_batch_3\.bin, data_batch_4\.bin, data_batch_5\.bin, test_batch\.bin/,
    );

    const py = join(tmp.dir, 'py', 'cifar-10-batches-py');
    mkdirSync(py, { recursive: true });
    for (const name of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch', 'batches.meta']) {
      writeFileSync(join(py, name), Buffer.from([0x80, 0x02, 0x7d, 0x71]));
    }
    const python = archive('cifar-10-python.tar.gz', join(tmp.dir, 'py'), 'cifar-10-batches-py');
    expect((await rejection(prepareCifar10({ out: fresh, from: python })))).toBeInstanceOf(Cifar10DataError);
    expect((await rejection(prepareCifar10({ out: fresh, from: python }))).message).toMatch(/this is the python version; download the binary version/);
    expect((await rejection(prepareCifar10({ out: fresh, from: py }))).message).toMatch(/data_batch_1 belongs to CIFAR-10's python version/);

    expect((await rejection(prepareCifar10({ out: fresh, from: join(tmp.dir, 'nothing.tar.gz') }))).message).toMatch(/nothing\.tar\.gz: no such file or folder/);
    const text = join(tmp.dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect((await rejection(prepareCifar10({ out: fresh, from: text }))).message).toMatch(/notes\.txt is neither a folder nor a \.tar\.gz/);

    expect(existsSync(fresh)).toBe(false);
    expect(readdirSync(join(tmp.dir, 'fresh'))).toEqual([]);
    expect(existsSync(join(tmp.dir, 'never'))).toBe(false);
    await rejection(prepareCifar10({ out: join(tmp.dir, 'never', 'x'), from: join(tmp.dir, 'nothing') }));
    expect(existsSync(join(tmp.dir, 'never'))).toBe(false);
  });
});

describe('prepareCifar10 downloading (from a loopback server)', () => {
  let server: Server;
  let base = '';
  let tgz = '';

  beforeAll(async () => {
    tgz = archive('served.tar.gz', src, 'cifar-10-batches-bin');
    const body = readFileSync(tgz);
    server = createServer((request, response) => {
      if (request.url === '/cifar-10-binary.tar.gz') {
        response.writeHead(200, { 'content-length': body.length });
        response.end(body);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('downloads, checks the md5, unpacks and checks the files', async () => {
    const root = join(tmp.dir, 'dl-ok');
    const lines: string[] = [];
    const result = await prepareCifar10({
      out: join(root, 'cifar-10-batches-bin'),
      archive: { url: `${base}/cifar-10-binary.tar.gz`, md5: md5OfFile(tgz) },
      log: (line) => lines.push(line),
    });
    expect(result.installed).toBe(true);
    expect(result.testCounts).toEqual(new Array(10).fill(1000));
    expect(lines.join('\n')).toMatch(/100% of \d+ MB[\s\S]*matches the published sum/);
    expect(readdirSync(root)).toEqual(['cifar-10-batches-bin']);
  });

  it('refuses an archive whose md5 differs, and a failed request, leaving nothing behind', async () => {
    const root = join(tmp.dir, 'dl-bad');
    const out = join(root, 'cifar-10-batches-bin');
    const wrong = await rejection(prepareCifar10({ out, archive: { url: `${base}/cifar-10-binary.tar.gz`, md5: CIFAR10_ARCHIVE.md5 } }));
    expect(wrong.message).toMatch(new RegExp(`md5 is ${md5OfFile(tgz)}, not the published ${CIFAR10_ARCHIVE.md5}: the download is damaged`));
    const missing = await rejection(prepareCifar10({ out, archive: { url: `${base}/nothing`, md5: CIFAR10_ARCHIVE.md5 } }));
    expect(missing.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/nothing answered 404/);
    expect(readdirSync(root)).toEqual([]);
  });
});
