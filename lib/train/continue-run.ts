/**
 * The article's "ctrl + c" method with the runner's folders: stop a run, lower its rate by hand, and go on from its
 * last checkpoint. `continueRun` starts a new run folder whose checkpoint is another run's, under a configuration
 * that differs only in its rate, schedule, momentum or length, and records where it came from; `runExperiment` then
 * trains it on from that epoch. The source folder is left as it was, so several continuations can branch from it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { configDifferences, configHash, type RunConfig, RunConfigError, validateRunConfig } from './config';
import { claimRunFolder, readJson, readOutcome, readRunConfig, RunFolderMismatchError } from './run-folder';

/** The record's file name in a continued run's folder. */
export const CONTINUED_FROM_FILE = 'continued-from.json';

/** Where a continued run came from, as its continued-from.json holds it. */
export interface ContinuedFrom {
  /** The folder of the run it continues. */
  from: string;
  /** `configHash` of that run's configuration. */
  fromConfigHash: string;
  /** Epochs of that run it took over (its checkpoint's finished epochs). */
  epoch: number;
  /** Batch updates of that run it took over: the scheduler goes on from here. */
  iteration: number;
  /** What changed, as `field: <before> vs <after>` lines. */
  changes: string[];
}

/**
 * What a continuation may change. The model, the batch size, the data and the seed stay: they fix the weights'
 * shapes and the batch order of every epoch.
 */
export const CONTINUABLE_FIELDS: readonly (keyof RunConfig)[] = ['schedule', 'initialLr', 'momentum', 'epochs'];

/** The record of the run in `dir` when it continues another, else null. */
export function readContinuedFrom(dir: string): ContinuedFrom | null {
  const path = join(dir, CONTINUED_FROM_FILE);
  return existsSync(path) ? readJson<ContinuedFrom>(path) : null;
}

/**
 * Makes `dir` a run of `config` that starts where the run in `from` stands: its checkpoint (weights, optimizer
 * state, history, epoch and update count) is copied under `config`'s hash, and continued-from.json records the
 * source. Then `runExperiment(config, { dir })` trains epochs `epoch + 1 … config.epochs` with `config`'s schedule,
 * taken at the source's update count, as though `config` had been the run's configuration from the start (a
 * constant rate, `schedule: 'none'` with another `initialLr`, is the article's "lower it by hand"). Calling it again
 * with the same folders and configuration returns the record and changes nothing (the run may have trained on), so
 * a notebook cell can be re-run.
 *
 * Throws a `RunConfigError` when `config` changes a field outside `CONTINUABLE_FIELDS`, changes nothing, or ends
 * before the source's checkpoint; a `RunFolderMismatchError` when `from` has no checkpoint of its configuration or
 * `dir` already holds another run.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const data = { train: set, test: set }; // or leave data out to load CIFAR-10 from config.dataDir
 * const config = validateRunConfig({ schedule: 'none', epochs: 2, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 * await runExperiment(config, { dir: 'runs/a', data, stopAfterEpochs: 1 }); // "ctrl + c" after epoch 1
 * const lowered = { ...config, initialLr: config.initialLr / 10 };
 * continueRun('runs/a', 'runs/a-lowered', lowered);
 * const result = await runExperiment(lowered, { dir: 'runs/a-lowered', data }); // epoch 2 at a tenth of the rate
 * assert.equal(result.status, 'finished');
 */
export function continueRun(from: string, dir: string, input: RunConfig): ContinuedFrom {
  const config = validateRunConfig(input);
  const existing = readContinuedFrom(dir);
  if (existing !== null) {
    if (existing.from !== from) {
      throw new RunFolderMismatchError(
        `continueRun: ${dir} already continues ${existing.from}, not ${from}: choose another folder, or delete this one.`,
      );
    }
    claimRunFolder(dir, config); // throws when it continues it under another configuration
    return existing; // made before: the run trains on, or has finished, in its own folder
  }
  const source = readRunConfig(from);
  if (source === null)
    throw new RunFolderMismatchError(
      `continueRun: ${from} holds no run (no config.json): give the folder of the run to continue.`,
    );
  const checkpoint = loadCheckpoint(from);
  const fromConfigHash = configHash(source);
  if (checkpoint === null || checkpoint.state.configHash !== fromConfigHash) {
    throw new RunFolderMismatchError(
      `continueRun: ${from} has no checkpoint of its run: train it for at least one epoch first (a run stopped with ` +
        'stopAfterEpochs, or interrupted, keeps the checkpoint of its last finished epoch).',
    );
  }
  const changes = configDifferences(source, config);
  const fixed = changes.filter((line) => !CONTINUABLE_FIELDS.some((field) => line.startsWith(`${field}:`)));
  if (fixed.length > 0) {
    throw new RunConfigError(
      `continueRun: a continuation may change only ${CONTINUABLE_FIELDS.join(', ')}; this one changes ${fixed.join('; ')}` +
        ' (before vs after). Keep those fields, or train a new run from scratch.',
    );
  }
  if (changes.length === 0) {
    throw new RunConfigError(
      `continueRun: the configuration is the one of ${from}: resume that run in its own folder with runExperiment instead.`,
    );
  }
  const { epoch, iteration } = checkpoint.state;
  if (config.epochs <= epoch) {
    throw new RunConfigError(
      `continueRun: epochs must be more than the ${epoch} the checkpoint of ${from} has finished (got ${config.epochs}).`,
    );
  }
  claimRunFolder(dir, config); // throws when dir holds a run of another configuration
  if (existsSync(join(dir, CHECKPOINT_FILE)) || readOutcome(dir) !== null) {
    throw new RunFolderMismatchError(
      `continueRun: ${dir} already holds a run of its own: choose another folder, or delete this one.`,
    );
  }
  // The checkpoint first: a folder cut off before its record is refused above, never continued from the wrong place.
  saveCheckpoint(dir, { ...checkpoint, state: { ...checkpoint.state, configHash: configHash(config) } });
  const record: ContinuedFrom = { from, fromConfigHash, epoch, iteration, changes };
  writeFileAtomic(join(dir, CONTINUED_FROM_FILE), JSON.stringify(record, null, 2) + '\n');
  return record;
}
