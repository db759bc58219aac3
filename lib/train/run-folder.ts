/**
 * A run's folder: config.json (the configuration and its hash), checkpoint.bin while it trains, result.json when it
 * has finished or diverged. A folder belongs to one configuration; another is refused.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { CHECKPOINT_FILE } from './checkpoint';
import type { ClassificationReport } from './classification-report';
import { configDifferences, configHash, type RunConfig } from './config';
import type { Divergence } from './divergence';
import type { RunHistory } from './history';

/** The configuration's file name in a run folder. */
export const CONFIG_FILE = 'config.json';
/** The outcome's file name in a run folder. */
export const RESULT_FILE = 'result.json';

/** The folder holds a run of another configuration. The message says which fields differ and what to do. */
export class RunFolderMismatchError extends Error {
  override name = 'RunFolderMismatchError';
}

/** How a run ended, as result.json holds it. */
export interface RunOutcome {
  status: 'finished' | 'diverged';
  configHash: string;
  config: RunConfig;
  /** The tfjs backend that trained it. */
  backend: string;
  history: RunHistory;
  /** The test-set report after the last epoch (null when the run diverged). */
  report: ClassificationReport | null;
  /** Where it diverged (diverged runs only). */
  divergence?: Divergence;
  /** The divergence message (diverged runs only). */
  message?: string;
}

/** The JSON file at `path`; a `RunFolderMismatchError` that says to start afresh when it cannot be read. */
export function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new RunFolderMismatchError(
      `${path} cannot be read (${(err as Error).message}). Delete the folder to start the run afresh.`,
    );
  }
}

/** What `claimRunFolder` created: config.json, and the first folder it had to make (null when `dir` existed). */
export interface RunFolderClaim {
  dir: string;
  wroteConfig: boolean;
  madeFolder: string | null;
}

/**
 * Makes `dir` the folder of the run `config`: creates it and writes config.json, or checks that the config.json
 * already there is the same configuration. Throws a `RunFolderMismatchError` naming the differing fields otherwise.
 * Returns what it created, for `releaseRunFolder`.
 */
export function claimRunFolder(dir: string, config: RunConfig): RunFolderClaim {
  const madeFolder = mkdirSync(dir, { recursive: true }) ?? null;
  const claim = { dir, wroteConfig: false, madeFolder };
  const path = join(dir, CONFIG_FILE);
  const hash = configHash(config);
  if (existsSync(path)) {
    const stored = readJson<{ configHash: string; config: RunConfig }>(path);
    const differences = configDifferences(stored.config, config);
    if (differences.length > 0 || stored.configHash !== hash) {
      throw new RunFolderMismatchError(
        `${dir} holds a run with a different configuration (${differences.join('; ')}; stored value first). ` +
          'Resume it with the stored values, or start afresh with another output folder or after deleting this one.',
      );
    }
    return claim;
  }
  writeFileAtomic(path, JSON.stringify({ configHash: hash, config }, null, 2) + '\n');
  return { ...claim, wroteConfig: true };
}

/**
 * Undoes a claim whose run failed before its first checkpoint, so that it blocks no later run: removes the
 * config.json the claim wrote and then the folders it made, each only while empty. Leaves everything alone when the
 * claim found a run there, or when the folder now holds a checkpoint or a result.
 */
export function releaseRunFolder({ dir, wroteConfig, madeFolder }: RunFolderClaim): void {
  if (!wroteConfig || existsSync(join(dir, CHECKPOINT_FILE)) || existsSync(join(dir, RESULT_FILE))) return;
  rmSync(join(dir, CONFIG_FILE), { force: true });
  if (madeFolder === null) return;
  const top = resolve(madeFolder);
  for (let folder = resolve(dir); !relative(top, folder).startsWith('..'); folder = dirname(folder)) {
    if (readdirSync(folder).length > 0) return;
    rmdirSync(folder);
  }
}

/** The configuration in `dir`'s config.json, or null when the folder holds no run yet. */
export function readRunConfig(dir: string): RunConfig | null {
  const path = join(dir, CONFIG_FILE);
  return existsSync(path) ? readJson<{ config: RunConfig }>(path).config : null;
}

/** Writes result.json atomically. */
export function writeOutcome(dir: string, outcome: RunOutcome): void {
  writeFileAtomic(join(dir, RESULT_FILE), JSON.stringify(outcome, null, 2) + '\n');
}

/**
 * The outcome in `dir`, or null when the run has not ended.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const config = validateRunConfig({ schedule: 'none', epochs: 1, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 * assert.equal(readOutcome('runs/a'), null); // no run there yet
 * await runExperiment(config, { dir: 'runs/a', data: { train: set, test: set } });
 * const outcome = readOutcome('runs/a')!;
 * assert.equal(outcome.status, 'finished');
 * assert.equal(outcome.history.val_acc.length, 1);
 */
export function readOutcome(dir: string): RunOutcome | null {
  const path = join(dir, RESULT_FILE);
  return existsSync(path) ? readJson<RunOutcome>(path) : null;
}
