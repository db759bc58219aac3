/**
 * An experiment log read from run folders: what each run trained and how it ended. The article's advice is to keep
 * a log of every hyperparameter choice and its result; the runner already writes one per folder (config.json,
 * result.json or the checkpoint, continued-from.json), and this gathers them into a table.
 */
import { loadCheckpoint } from './checkpoint';
import { readContinuedFrom } from './continue-run';
import { readOutcome, readRunConfig, RunFolderMismatchError } from './run-folder';
import { scheduleLabel } from './schedule';

/** One run of the log, for `console.table`. */
export interface LogRow {
  schedule: string;
  lr0: number;
  epochs: number;
  batch: number;
  /** The model preset, or its stages and filters. */
  model: string;
  /** Training images per class, or 'all'. */
  'train/class': number | string;
  /** finished, diverged, 'stopped after epoch k' (a checkpoint and no result) or 'not started'. */
  status: string;
  /** Test accuracy after the last finished epoch, in % (NaN before the first). */
  'test acc. %': number;
  /** The run it continues and after which epoch (`continueRun`), or ''. */
  continues: string;
}

function row(dir: string): LogRow {
  const config = readRunConfig(dir);
  if (config === null)
    throw new RunFolderMismatchError(`experimentLog: ${dir} holds no run (no config.json): give run folders.`);
  const outcome = readOutcome(dir);
  const checkpoint = outcome === null ? loadCheckpoint(dir) : null;
  const history = outcome?.history ?? checkpoint?.state.history;
  const accuracy = history?.val_acc[history.val_acc.length - 1];
  const from = readContinuedFrom(dir);
  const model =
    typeof config.model === 'string'
      ? config.model
      : `stages ${config.model.stages.join('/')}, filters ${config.model.filters.join('/')}`;
  return {
    schedule: scheduleLabel(config.schedule),
    lr0: config.initialLr,
    epochs: config.epochs,
    batch: config.batchSize,
    model,
    'train/class': config.trainPerClass ?? 'all',
    status: outcome?.status ?? (checkpoint === null ? 'not started' : `stopped after epoch ${checkpoint.state.epoch}`),
    'test acc. %': accuracy === undefined ? NaN : Number((100 * accuracy).toFixed(1)),
    continues: from === null ? '' : `${from.from} after epoch ${from.epoch}`,
  };
}

/**
 * One row per run folder, keyed by the folder as given: schedule, initial rate, epochs, batch size, model, training
 * images per class, status, last test accuracy and what it continues. Throws when a folder holds no run.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const data = { train: set, test: set }; // or leave data out to load CIFAR-10 from config.dataDir
 * const config = validateRunConfig({ schedule: 'none', epochs: 2, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 * await runExperiment(config, { dir: 'runs/a', data, stopAfterEpochs: 1 });
 * const log = experimentLog(['runs/a']);
 * console.table(log);
 * assert.equal(log['runs/a']!.status, 'stopped after epoch 1');
 */
export function experimentLog(dirs: readonly string[]): Record<string, LogRow> {
  return Object.fromEntries(dirs.map((dir) => [dir, row(dir)]));
}
