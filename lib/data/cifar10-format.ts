/**
 * The layout of CIFAR-10's binary version ("suitable for C programs", cifar-10-binary.tar.gz), and checks that say
 * exactly what is wrong with a file that does not follow it.
 *
 * Each of data_batch_1.bin … data_batch_5.bin and test_batch.bin holds 10,000 records of 3,073 bytes: one label
 * byte (0–9), then 3,072 pixel bytes — the red plane, the green plane, the blue plane, each 32×32 in row-major
 * order. batches.meta.txt names the classes, one per line, in label order.
 */

/** Sizes and file names of CIFAR-10's binary version. */
export const CIFAR10 = {
  height: 32,
  width: 32,
  channels: 3,
  classes: 10,
  /** 32 · 32 · 3 pixel bytes per image. */
  imageBytes: 3072,
  /** 1 label byte + 3,072 pixel bytes. */
  recordBytes: 3073,
  recordsPerFile: 10_000,
  trainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  testFile: 'test_batch.bin',
  metaFile: 'batches.meta.txt',
} as const;

/** The seven files of the binary version, as unpacked from cifar-10-binary.tar.gz. */
export const CIFAR10_FILES: readonly string[] = [...CIFAR10.trainFiles, CIFAR10.testFile, CIFAR10.metaFile];

/** How to get a good copy; appended to every data error. */
export const CIFAR10_FIX =
  'Run `npm run data` to download and check the official binary version (cifar-10-binary.tar.gz), or ' +
  '`npm run data -- --from PATH` with a folder or .tar.gz that holds it.';

/** A missing, truncated or foreign CIFAR-10 file. The message names the file, what is wrong and how to fix it. */
export class Cifar10DataError extends Error {
  override name = 'Cifar10DataError';
}

/** The message for data in CIFAR-10's python (pickle) version. */
export function pythonVersionMessage(path: string): string {
  return (
    `${path} belongs to CIFAR-10's python version (pickled numpy arrays, cifar-10-python.tar.gz): this is the ` +
    'python version; download the binary version (cifar-10-binary.tar.gz) instead. ' + CIFAR10_FIX
  );
}

/** Whether `bytes` start like a Python pickle (protocol 2–5 opcode PROTO: 0x80 then the protocol number). */
export function looksLikePickle(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

/** One batch file's records: labels, and images converted to NHWC (height, width, channel) order. */
export interface Cifar10Records {
  /** One label 0–9 per record. */
  labels: Uint8Array;
  /** records × 32 × 32 × 3 pixel bytes, NHWC. */
  images: Uint8Array;
}

/**
 * Checks and decodes one batch file's bytes. `path` names the file in errors. In order, it rejects a pickle (the
 * python version), a size that is not a whole number of 3,073-byte records, a label byte > 9 (a foreign file), and a
 * record count other than 10,000 (a truncated or concatenated file).
 *
 * Pixels move from the file's planar layout to NHWC: images[((r·32 + y)·32 + x)·3 + c] = record r's byte
 * 1 + c·1024 + y·32 + x.
 */
export function decodeBatch(path: string, bytes: Uint8Array): Cifar10Records {
  const { recordBytes, imageBytes, recordsPerFile, classes } = CIFAR10;
  if (looksLikePickle(bytes)) throw new Cifar10DataError(pythonVersionMessage(path));
  if (bytes.length === 0 || bytes.length % recordBytes !== 0) {
    const whole = Math.floor(bytes.length / recordBytes);
    throw new Cifar10DataError(
      `${path} has ${bytes.length} bytes, which is not a whole number of 3,073-byte records (1 label byte + ` +
        `3,072 pixel bytes): ${whole} records and ${bytes.length - whole * recordBytes} bytes over. A batch file ` +
        `of the binary version has exactly ${recordsPerFile * recordBytes} bytes; this one is truncated or is ` +
        `not CIFAR-10's binary version. ${CIFAR10_FIX}`,
    );
  }
  const records = bytes.length / recordBytes;
  for (let r = 0; r < records; r++) {
    const label = bytes[r * recordBytes]!;
    if (label >= classes) {
      throw new Cifar10DataError(
        `${path}: record ${r} (byte offset ${r * recordBytes}) has label byte ${label}, but CIFAR-10 labels are ` +
          `0–9. This is not a CIFAR-10 binary batch file (CIFAR-100's binary version, for one, has two label ` +
          `bytes per record). ${CIFAR10_FIX}`,
      );
    }
  }
  if (records !== recordsPerFile) {
    throw new Cifar10DataError(
      `${path} holds ${records} records (${bytes.length} bytes), but each batch file of CIFAR-10's binary ` +
        `version holds ${recordsPerFile} (${recordsPerFile * recordBytes} bytes): the file is truncated or ` +
        `was rewritten. ${CIFAR10_FIX}`,
    );
  }
  const plane = CIFAR10.height * CIFAR10.width;
  const labels = new Uint8Array(records);
  const images = new Uint8Array(records * imageBytes);
  for (let r = 0; r < records; r++) {
    const src = r * recordBytes;
    labels[r] = bytes[src]!;
    const dst = r * imageBytes;
    for (let p = 0; p < plane; p++) {
      images[dst + 3 * p] = bytes[src + 1 + p]!;
      images[dst + 3 * p + 1] = bytes[src + 1 + plane + p]!;
      images[dst + 3 * p + 2] = bytes[src + 1 + 2 * plane + p]!;
    }
  }
  return { labels, images };
}

/**
 * Checks and decodes batches.meta.txt: exactly ten non-empty class names, one per line (trailing blank lines, which
 * the official file has, and Windows line ends are allowed).
 */
export function decodeMeta(path: string, bytes: Uint8Array): string[] {
  if (looksLikePickle(bytes)) throw new Cifar10DataError(pythonVersionMessage(path));
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const names = lines.map((line) => line.trim());
  if (names.length !== CIFAR10.classes || names.some((name) => name === '')) {
    throw new Cifar10DataError(
      `${path} must list the ${CIFAR10.classes} class names, one per line (airplane … truck), but has ` +
        `${names.length} line(s)${names.includes('') ? ', some of them blank' : ''}. ${CIFAR10_FIX}`,
    );
  }
  return names;
}
