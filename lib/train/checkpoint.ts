/**
 * A run's checkpoint: the model weights, the optimizer state, the scheduler position and the history after the
 * last finished epoch, in one file written atomically (see `writeFileAtomic`), so that a killed run resumes from
 * its last finished epoch.
 *
 * Layout of checkpoint.bin: the 4 bytes `LRCK`, a uint32 (little-endian) header length, the header as UTF-8 JSON,
 * zero padding to a multiple of 4, then every tensor's values (float32 or int32, in the machine's byte order: little-endian on x86 and ARM) at the offsets the
 * header gives.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import type { PlateauState } from '../tfjs/reduce-lr-on-plateau';
import type { RunHistory } from './history';

/** The checkpoint's file name in a run folder. */
export const CHECKPOINT_FILE = 'checkpoint.bin';

const MAGIC = 'LRCK';

/** Where the run stands after its last finished epoch. */
export interface CheckpointState {
  /** `configHash` of the run's configuration. */
  configHash: string;
  /** Finished epochs: the next epoch to train (0-based). */
  epoch: number;
  /** Batch updates done: the scheduler's global iteration. */
  iteration: number;
  /** The tfjs backend that trained it. */
  backend: string;
  history: RunHistory;
  /** A `plateau` run's: its `ReduceLROnPlateau` state and the rate the next epoch trains at. */
  plateau?: PlateauState & { lr: number };
}

/** A tensor's values with its name and shape. */
export interface StoredTensor {
  name: string;
  shape: number[];
  values: Float32Array | Int32Array;
}

/** Everything needed to continue a run. */
export interface Checkpoint {
  state: CheckpointState;
  /** The model's weights, in `model.weights` order. */
  model: StoredTensor[];
  /** The optimizer's weights (`getWeights()`), velocities named by the index of their variable in `model.weights`. */
  optimizer: StoredTensor[];
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
}

interface Header {
  state: CheckpointState;
  model: TensorEntry[];
  optimizer: TensorEntry[];
}

/** A checkpoint file that cannot be read. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** The checkpoint as the bytes of checkpoint.bin. */
export function encodeCheckpoint({ state, model, optimizer }: Checkpoint): Uint8Array {
  let offset = 0;
  const entries = (list: StoredTensor[]): TensorEntry[] =>
    list.map(({ name, shape, values }) => {
      const entry: TensorEntry = { name, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32', offset };
      offset += values.byteLength;
      return entry;
    });
  const header: Header = { state, model: entries(model), optimizer: entries(optimizer) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = 8 + Math.ceil(json.length / 4) * 4;
  const bytes = new Uint8Array(start + offset);
  bytes.set(Buffer.from(MAGIC, 'ascii'), 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  let at = start;
  for (const t of [...model, ...optimizer]) {
    bytes.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  return bytes;
}

/** Decodes checkpoint.bin's bytes; `path` names the file in errors. */
export function decodeCheckpoint(bytes: Uint8Array, path: string): Checkpoint {
  const damaged = (why: string): never => {
    throw new CheckpointError(`${path} is not a readable checkpoint (${why}). Delete it to start the run afresh.`);
  };
  if (bytes.length < 8 || Buffer.from(bytes.subarray(0, 4)).toString('ascii') !== MAGIC) damaged('no LRCK signature');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + length > bytes.length) damaged('truncated header');
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8')) as Header;
  } catch (err) {
    return damaged(`bad header: ${(err as Error).message}`);
  }
  const start = 8 + Math.ceil(length / 4) * 4;
  const tensors = (entries: TensorEntry[]): StoredTensor[] =>
    entries.map(({ name, shape, dtype, offset }) => {
      const count = shape.reduce((a, b) => a * b, 1);
      const from = start + offset;
      if (from + 4 * count > bytes.length) damaged(`tensor ${name} runs past the end of the file`);
      const copy = Uint8Array.from(bytes.subarray(from, from + 4 * count)); // a copy with its own aligned buffer
      const values = dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
      return { name, shape, values };
    });
  return { state: header.state, model: tensors(header.model), optimizer: tensors(header.optimizer) };
}

/** Writes the checkpoint into the run folder `dir`, atomically. */
export function saveCheckpoint(dir: string, checkpoint: Checkpoint): void {
  writeFileAtomic(join(dir, CHECKPOINT_FILE), encodeCheckpoint(checkpoint));
}

/** The checkpoint in the run folder `dir`, or null when there is none yet. */
export function loadCheckpoint(dir: string): Checkpoint | null {
  const path = join(dir, CHECKPOINT_FILE);
  return existsSync(path) ? decodeCheckpoint(readFileSync(path), path) : null;
}
