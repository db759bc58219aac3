/**
 * A minimal reader of tar archives (POSIX ustar and GNU tar), enough to unpack cifar-10-binary.tar.gz without a
 * dependency: the archive is a sequence of 512-byte headers, each followed by its entry's data padded to a multiple
 * of 512 bytes, and ends with a zero block.
 *
 * Header fields used (byte offsets): name [0, 100), size [124, 136) in octal, checksum [148, 156) in octal — the sum
 * of the header's bytes with the checksum field read as eight spaces —, type flag 156 ('0' or NUL a file, '5' a
 * folder), magic [257, 263) "ustar", and for ustar the name prefix [345, 500). Names longer than that come in an
 * extension entry before the header: GNU's type 'L' (the name is the data) or pax's type 'x' (a "path=" record).
 */

/** A damaged or unsupported tar archive. */
export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** One member of a tar archive. */
export interface TarEntry {
  /** The path inside the archive, as stored ('cifar-10-batches-bin/data_batch_1.bin'). */
  name: string;
  /** 'file' for regular files, 'directory', or 'other' (links, devices, pax and GNU extension headers). */
  type: 'file' | 'directory' | 'other';
  /** The entry's bytes: a view into the archive, not a copy. */
  data: Uint8Array;
}

const BLOCK = 512;

function text(header: Uint8Array, start: number, end: number): string {
  const field = header.subarray(start, end);
  const nul = field.indexOf(0);
  return Buffer.from(nul < 0 ? field : field.subarray(0, nul)).toString('utf8');
}

function octal(header: Uint8Array, start: number, end: number, what: string, offset: number): number {
  const field = text(header, start, end).trim();
  if (!/^[0-7]+$/.test(field)) {
    throw new TarFormatError(`tar header at byte ${offset}: the ${what} field is not an octal number ('${field}').`);
  }
  return parseInt(field, 8);
}

/** The "path" record of a pax extended header ("<length> path=<name>\n" records), if any. */
function paxPath(data: Uint8Array): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(Buffer.from(data).toString('utf8'));
  return match?.[1];
}

/**
 * The entries of the tar archive `tar` (already gunzipped), in archive order. Extension entries ('L', 'x') give
 * their long name to the entry after them and are listed as 'other'.
 */
export function readTar(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    const stored = octal(header, 148, 156, 'checksum', offset);
    if (stored !== sum) {
      throw new TarFormatError(`tar header at byte ${offset}: checksum ${stored} ≠ ${sum}; the archive is damaged or not a tar file.`);
    }
    const size = octal(header, 124, 136, 'size', offset);
    const flag = String.fromCharCode(header[156]!);
    const prefix = text(header, 257, 262) === 'ustar' ? text(header, 345, 500) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    const start = offset + BLOCK;
    if (start + size > tar.length) {
      throw new TarFormatError(`tar entry '${name}' needs ${size} bytes at byte ${start}, past the end of the archive (${tar.length} bytes): it is truncated.`);
    }
    const type = flag === '0' || flag === '\0' ? 'file' : flag === '5' ? 'directory' : 'other';
    const data = tar.subarray(start, start + size);
    entries.push({ name, type, data });
    longName = flag === 'L' ? text(data, 0, data.length) : flag === 'x' ? paxPath(data) : undefined;
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new TarFormatError(`the tar archive (${tar.length} bytes) ends without its end-of-archive block: it is truncated.`);
}
