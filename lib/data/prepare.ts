/**
 * Installing CIFAR-10's binary version into a folder (what `npm run data` does): from the official archive, from a
 * local archive, or from a local folder; then checking every file with the loader. Files are written to a temporary
 * folder beside the target and renamed into place only once they pass, so a failure leaves no partial files.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { gunzipSync } from 'node:zlib';
import { loadCifar10, pythonTwin } from './cifar10';
import { CIFAR10_FILES, CIFAR10_FIX, Cifar10DataError, looksLikePickle, pythonVersionMessage } from './cifar10-format';
import { readTar } from './tar';

/**
 * The official archive of the binary version (162 MB) and the md5 sum that the data set's home page,
 * https://www.cs.toronto.edu/~kriz/cifar.html, publishes for it.
 */
export const CIFAR10_ARCHIVE = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
} as const;

/** Where the data come from, and where they go. */
export interface PrepareCifar10Options {
  /** The folder to fill, e.g. data/cifar-10-batches-bin. */
  out: string;
  /** A local folder holding the .bin files and batches.meta.txt, or a local .tar.gz / .tgz / .tar archive; default: download. */
  from?: string;
  /** The archive to download when `from` is not given, and its md5 (default `CIFAR10_ARCHIVE`). */
  archive?: { url: string; md5: string };
  /** Progress messages (default: none). */
  log?: (line: string) => void;
}

/** What was installed. */
export interface PrepareCifar10Result {
  /** The absolute path of the filled folder. */
  dir: string;
  /** Images per class in the training and test sets, in label order. */
  trainCounts: number[];
  testCounts: number[];
  classNames: readonly string[];
  /** False when a download was skipped because `out` already held valid data. */
  installed: boolean;
}

/** The md5 of a file, as lowercase hex. */
export function md5OfFile(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}

async function download(url: string, dest: string, log: (line: string) => void): Promise<string> {
  log(`Downloading ${url} …`);
  const instead = 'or download the file yourself and run `npm run data -- --from PATH`.';
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(`Could not download ${url} (${cause}). Check the network connection, ${instead}`, { cause: error });
  }
  if (!response.ok || response.body === null) {
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}. Try again later, ${instead}`);
  }
  const total = Number(response.headers.get('content-length') ?? NaN);
  const hash = createHash('md5');
  let received = 0;
  let shown = 0;
  await pipeline(
    Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        received += chunk.length;
        if (Number.isFinite(total) && received / total >= shown + 0.1) {
          shown = Math.floor((received / total) * 10) / 10;
          log(`  ${Math.round(shown * 100)}% of ${(total / 1e6).toFixed(0)} MB`);
        }
        yield chunk;
      }
    },
    createWriteStream(dest),
  );
  return hash.digest('hex');
}

/** Writes the CIFAR-10 members of a .tar.gz / .tar archive into `staging`; errors name the archive. */
function unpackArchive(archive: string, staging: string): void {
  const bytes = readFileSync(archive);
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let tar: Uint8Array;
  try {
    tar = gzipped ? gunzipSync(bytes) : bytes;
  } catch (error) {
    throw new Cifar10DataError(`${archive} is not a readable gzip file (${(error as Error).message}): it is truncated or damaged. ${CIFAR10_FIX}`);
  }
  let entries;
  try {
    entries = readTar(tar).filter((entry) => entry.type === 'file');
  } catch (error) {
    throw new Cifar10DataError(`${archive}: ${(error as Error).message} ${CIFAR10_FIX}`);
  }
  const found = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const name = basename(entry.name);
    if (!CIFAR10_FILES.includes(name)) continue;
    if (found.has(name)) throw new Cifar10DataError(`${archive} holds ${name} twice; give an archive with one copy of each file.`);
    found.set(name, entry.data);
  }
  if (found.size === 0 && entries.some((entry) => /(^|\/)data_batch_1$/.test(entry.name) && looksLikePickle(entry.data))) {
    throw new Cifar10DataError(pythonVersionMessage(archive));
  }
  const missing = CIFAR10_FILES.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new Cifar10DataError(`${archive} lacks ${missing.join(', ')}; cifar-10-binary.tar.gz holds all of ${CIFAR10_FILES.join(', ')}. ${CIFAR10_FIX}`);
  }
  for (const [name, data] of found) writeFileSync(join(staging, name), data);
}

/** Copies the CIFAR-10 files of a folder (or of its cifar-10-batches-bin subfolder) into `staging`. */
function copyFolder(folder: string, staging: string): void {
  const nested = join(folder, 'cifar-10-batches-bin');
  const source = !existsSync(join(folder, CIFAR10_FILES[0]!)) && existsSync(nested) ? nested : folder;
  for (const name of CIFAR10_FILES) {
    const path = join(source, name);
    if (!existsSync(path)) {
      const twin = pythonTwin(path);
      if (twin !== undefined) throw new Cifar10DataError(pythonVersionMessage(twin));
      throw new Cifar10DataError(`${path} is missing; the folder given to --from must hold ${CIFAR10_FILES.join(', ')}. ${CIFAR10_FIX}`);
    }
    copyFileSync(path, join(staging, name));
    chmodSync(join(staging, name), 0o644); // a read-only source (a shared copy) should not make the install read-only
  }
}

/** Checks the files in `dir` with the loader; returns the class counts. */
function validate(dir: string): Omit<PrepareCifar10Result, 'installed'> {
  const { train, test, classNames } = loadCifar10(dir);
  return { dir, trainCounts: train.classCounts(), testCounts: test.classCounts(), classNames };
}

/**
 * Fills `out` with CIFAR-10's binary version and checks it with the loader. Without `from`, downloads the official
 * archive and checks its md5 (and skips the download when `out` already holds valid data). Throws a
 * `Cifar10DataError` (or a network error) that says what is wrong; `out` is then left as it was.
 *
 * @example
 * // await prepareCifar10({ out: 'data/cifar-10-batches-bin' }) downloads the official archive and checks its md5;
 * // `from` takes a local folder or .tar.gz instead. Every file is checked before `out` is touched:
 * fs.mkdirSync('incomplete');
 * await assert.rejects(prepareCifar10({ out: 'data/cifar-10-batches-bin', from: 'incomplete' }), Cifar10DataError);
 * assert.equal(fs.existsSync('data/cifar-10-batches-bin'), false);
 */
export async function prepareCifar10(options: PrepareCifar10Options): Promise<PrepareCifar10Result> {
  const { out, from, archive: official = CIFAR10_ARCHIVE, log = () => {} } = options;
  const target = resolve(out);
  const kind = from === undefined ? 'download' : !existsSync(from) ? 'missing' : statSync(from).isDirectory() ? 'folder'
    : /\.(tar\.gz|tgz|tar)$/i.test(from) ? 'archive' : 'other';
  if (kind === 'missing') {
    throw new Cifar10DataError(`--from ${from}: no such file or folder. Give a folder holding the .bin files or a .tar.gz archive of the binary version.`);
  }
  if (kind === 'other') throw new Cifar10DataError(`--from ${from} is neither a folder nor a .tar.gz / .tgz / .tar archive.`);
  if (from === undefined && existsSync(target)) {
    try {
      const existing = validate(target);
      log(`${target} already holds a valid copy of CIFAR-10; nothing to download.`);
      return { ...existing, installed: false };
    } catch (error) {
      if (!(error instanceof Cifar10DataError)) throw error;
      log(`${target} is not a valid copy (${error.message.split('. ')[0]}); replacing it.`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.partial-${process.pid}`;
  const archive = `${target}.download-${process.pid}.tar.gz`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    if (from === undefined) {
      const md5 = await download(official.url, archive, log);
      if (md5 !== official.md5) {
        throw new Cifar10DataError(`The downloaded archive's md5 is ${md5}, not the published ${official.md5}: the download is damaged or the server sent another file. Run \`npm run data\` again.`);
      }
      log(`md5 ${md5} matches the published sum.`);
      unpackArchive(archive, staging);
    } else if (kind === 'folder') {
      copyFolder(from, staging);
    } else {
      const md5 = md5OfFile(from);
      log(md5 === official.md5
        ? `md5 ${md5} matches the official cifar-10-binary.tar.gz.`
        : `md5 ${md5} is not the official archive's (${official.md5}); checking its files instead.`);
      unpackArchive(from, staging);
    }
    let result: Omit<PrepareCifar10Result, 'installed'>;
    try {
      result = validate(staging);
    } catch (error) {
      if (!(error instanceof Cifar10DataError)) throw error;
      throw new Cifar10DataError(`${from ?? official.url}: ${error.message.split(staging + sep).join('')}`);
    }
    const old = `${target}.old-${process.pid}`;
    const replacing = existsSync(target);
    if (replacing) renameSync(target, old);
    try {
      renameSync(staging, target);
    } catch (error) {
      if (replacing) renameSync(old, target);
      throw error;
    }
    rmSync(old, { recursive: true, force: true });
    log(`Wrote ${CIFAR10_FILES.join(', ')} to ${target}.`);
    return { ...result, dir: target, installed: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(archive, { force: true });
  }
}
