/**
 * The experiment runner: trains one run of a configuration in its folder, evaluating on the test set after every
 * epoch and checkpointing, and resumes a run from its last finished epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { nextMacrotask, withKernelInterrupt } from '../interrupt';
import { loadCifar10 } from '../data/cifar10';
import type { Dataset } from '../data/dataset';
import { getLearningRate, setLearningRate } from '../tfjs/learning-rate';
import { LearningRateScheduler } from '../tfjs/learning-rate-scheduler';
import { ReduceLROnPlateau } from '../tfjs/reduce-lr-on-plateau';
import { resolveLogs, type UnresolvedLogs } from '../tfjs/logs';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { classificationReport } from './classification-report';
import { configHash, type RunConfig, validateRunConfig } from './config';
import { type Divergence, diverged, divergenceReference, TrainingDivergedError } from './divergence';
import { evaluate, type Evaluation } from './evaluate';
import { appendEpoch, emptyHistory, type EpochEntry, type RunHistory } from './history';
import { buildRunModel } from './model';
import { captureState, restoreState } from './model-state';
import {
  claimRunFolder,
  readOutcome,
  releaseRunFolder,
  type RunOutcome,
  RunFolderMismatchError,
  writeOutcome,
} from './run-folder';
import { PLATEAU, plateauOptions, runSchedule, scheduleLabel } from './schedule';

/** A run's training and test images. */
export interface RunData {
  train: Dataset;
  test: Dataset;
}

/** What the runner reports while it works, for progress displays. */
export type RunEvent =
  | { kind: 'start'; schedule: string; epoch: number; epochs: number; batches: number; backend: string }
  | { kind: 'epoch-begin'; epoch: number; epochs: number }
  | { kind: 'batch'; epoch: number; batch: number; batches: number; seconds: number; loss: number; acc: number }
  | { kind: 'epoch-end'; epoch: number; epochs: number; batches: number; entry: EpochEntry };

/** Options of `runExperiment`. */
export interface RunOptions {
  /** The run's folder: config, checkpoint and result. */
  dir: string;
  /** The data to use instead of loading CIFAR-10 from `config.dataDir` (the config still names the run). */
  data?: RunData;
  /** Receives progress events. */
  onEvent?: (event: RunEvent) => void;
  /** Return once this many epochs are finished and checkpointed, as a run killed then would leave its folder. */
  stopAfterEpochs?: number;
  /**
   * Aborting it interrupts the run: training stops after the current batch, the partial epoch is dropped (not
   * checkpointed) and `runExperiment` returns `{ status: 'interrupted' }`; the last checkpoint stays valid, so the
   * run resumes from its last finished epoch. An abort during an epoch's last batch or its evaluation lets that
   * epoch finish and be checkpointed first. In the tslab notebook kernel, the kernel's interrupt does the same
   * (see `withKernelInterrupt`).
   */
  signal?: AbortSignal;
  /**
   * Called before each epoch: training waits until the promise resolves, then calls what it resolved to once the
   * epoch is checkpointed (or has failed). The sweep passes one so that its runs take turns of an epoch on the
   * cores (see `Turns`). It must resolve soon after `signal` is aborted. An epoch's `seconds` leave out the wait.
   */
  epochTurn?: (signal: AbortSignal | undefined) => Promise<() => void>;
}

/**
 * What `runExperiment` returns: the outcome of a finished run, or the finished epochs' history of a run stopped by
 * `stopAfterEpochs` or interrupted by `signal`.
 */
export type RunResult =
  | { status: 'finished'; outcome: RunOutcome }
  | { status: 'stopped'; history: RunHistory }
  | { status: 'interrupted'; history: RunHistory };

/**
 * Watches the batch losses of one epoch for divergence, reports progress, yields to the event loop after every
 * batch and stops training after the batch during which `signal` was aborted (unless it was the epoch's last).
 */
class BatchWatch extends tf.Callback {
  divergence: Divergence | null = null;
  interrupted = false;
  private readonly started = performance.now();

  constructor(
    private readonly schedule: string,
    private readonly epoch: number,
    private readonly batches: number,
    private readonly reference: number,
    private readonly onEvent: ((event: RunEvent) => void) | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    super();
  }

  override async onBatchEnd(batch: number, logs?: UnresolvedLogs): Promise<void> {
    const { loss = NaN, acc = NaN } = await resolveLogs(logs);
    if (diverged(loss, this.reference)) {
      this.divergence = {
        schedule: this.schedule,
        epoch: this.epoch,
        batch,
        batches: this.batches,
        loss,
        reference: this.reference,
      };
      this.model.stopTraining = true;
      return;
    }
    const seconds = (performance.now() - this.started) / 1000;
    this.onEvent?.({ kind: 'batch', epoch: this.epoch, batch, batches: this.batches, seconds, loss, acc });
    await nextMacrotask(); // signal listeners and I/O (a notebook's output messages) run between batches
    // After the epoch's last batch the epoch is whole: the runner evaluates and checkpoints it before it stops.
    if (this.signal?.aborted === true && batch + 1 < this.batches) {
      this.interrupted = true;
      this.model.stopTraining = true;
    }
  }
}

function loadData(config: RunConfig): RunData {
  const { train, test } = loadCifar10(config.dataDir, {
    trainPerClass: config.trainPerClass ?? undefined,
    testPerClass: config.testPerClass ?? undefined,
    seed: config.seed,
  });
  return { train, test };
}

/**
 * Trains the run `config` in `options.dir` on the active tfjs backend, or continues it from its checkpoint, or
 * returns its outcome when it has already finished. Each epoch visits the training set in the seeded order of
 * (seed, epoch), then evaluates on the test set and checkpoints atomically, so that a run stopped at any point and
 * restarted gives the same result as an uninterrupted one on the same backend. After the last epoch, result.json
 * holds the history and the test-set classification report.
 *
 * Throws a `RunFolderMismatchError` when the folder holds another configuration, a `TrainingDivergedError` when a
 * batch loss is not finite or explodes past `DIVERGENCE_FACTOR` × ln(classes) (the outcome is recorded, so a rerun
 * reports it again without training). Returns `{ status: 'interrupted' }` when `options.signal` is aborted. A
 * new run that fails before its first checkpoint (its data cannot be loaded, say) leaves no folder behind.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * // without `data`, it loads CIFAR-10 from config.dataDir
 * const config = validateRunConfig({ schedule: 'step', epochs: 2, batchSize: 4, model: 'shallow', dataDir: 'in memory' });
 * const epochs: number[] = [];
 * const result = await runExperiment(config, {
 *   dir: 'runs/step', data: { train: set, test: set },
 *   onEvent: (event) => { if (event.kind === 'epoch-end') epochs.push(event.epoch); },
 * });
 * assert.ok(result.status === 'finished');
 * assert.deepEqual(epochs, [0, 1]);
 * assert.deepEqual(result.outcome.history.lr, [0.1, 0.025]); // the article's step decay, cut to 2 epochs (articleSchedule)
 */
export async function runExperiment(input: RunConfig, options: RunOptions): Promise<RunResult> {
  const config = validateRunConfig(input);
  const claim = claimRunFolder(options.dir, config);
  try {
    return await trainInFolder(config, options);
  } catch (err) {
    releaseRunFolder(claim);
    throw err;
  }
}

/** `runExperiment` in the folder it has claimed. */
async function trainInFolder(config: RunConfig, options: RunOptions): Promise<RunResult> {
  const hash = configHash(config);
  const { dir, onEvent, stopAfterEpochs } = options;
  const signal = withKernelInterrupt(options.signal);
  const ended = readOutcome(dir);
  if (ended !== null) {
    if (ended.status === 'diverged' && ended.divergence) throw new TrainingDivergedError(ended.divergence);
    return { status: 'finished', outcome: ended };
  }
  const label = scheduleLabel(config.schedule);
  const data = options.data ?? loadData(config);
  const backend = tf.getBackend();
  const batches = data.train.batchCount(config.batchSize);
  const plateau = config.schedule === PLATEAU ? new ReduceLROnPlateau(plateauOptions(config.epochs)) : null;
  const schedule =
    plateau !== null
      ? null
      : runSchedule(config.schedule, {
          initialLr: config.initialLr,
          epochs: config.epochs,
          iterationsPerEpoch: batches,
        });
  const { model, optimizer } = buildRunModel(config, data.train);
  try {
    let history = emptyHistory();
    let start = 0;
    const checkpoint = loadCheckpoint(dir);
    if (checkpoint !== null) {
      if (checkpoint.state.configHash !== hash) {
        throw new RunFolderMismatchError(
          `${dir}/checkpoint.bin belongs to configuration ${checkpoint.state.configHash}, not ${hash}. Delete the folder to start afresh.`,
        );
      }
      await restoreState(model, optimizer, checkpoint);
      history = checkpoint.state.history;
      start = checkpoint.state.epoch;
      if (plateau !== null && checkpoint.state.plateau !== undefined) {
        const { lr, ...state } = checkpoint.state.plateau;
        plateau.setState(state);
        setLearningRate(optimizer, lr);
      }
    }
    const scheduler =
      schedule === null
        ? null
        : new LearningRateScheduler(schedule, { initialIteration: checkpoint?.state.iteration ?? 0 });
    onEvent?.({ kind: 'start', schedule: label, epoch: start, epochs: config.epochs, batches, backend });
    const reference = divergenceReference(data.train.classNames.length);
    let last: Evaluation | undefined;
    for (let epoch = start; epoch < config.epochs; epoch++) {
      if (stopAfterEpochs !== undefined && epoch >= stopAfterEpochs) return { status: 'stopped', history };
      const endTurn = (await options.epochTurn?.(signal)) ?? ((): void => {});
      try {
        if (signal?.aborted === true) return { status: 'interrupted', history };
        onEvent?.({ kind: 'epoch-begin', epoch, epochs: config.epochs });
        const began = performance.now();
        const watch = new BatchWatch(label, epoch, batches, reference, onEvent, signal);
        const epochData = tf.data.generator(
          () =>
            data.train.batches(config.batchSize, {
              shuffle: true,
              seed: config.seed,
              epoch,
            }) as unknown as Iterator<tf.TensorContainer>,
        );
        const fitted = await model.fitDataset(epochData, {
          epochs: epoch + 1,
          initialEpoch: epoch,
          batchesPerEpoch: batches,
          verbose: 0,
          callbacks: scheduler === null ? [watch] : [scheduler, watch],
        });
        if (watch.divergence !== null) {
          writeOutcome(dir, {
            status: 'diverged',
            configHash: hash,
            config,
            backend,
            history,
            report: null,
            divergence: watch.divergence,
            message: new TrainingDivergedError(watch.divergence).message,
          });
          throw new TrainingDivergedError(watch.divergence);
        }
        if (watch.interrupted) return { status: 'interrupted', history };
        const lr =
          scheduler === null ? getLearningRate(optimizer) : scheduler.applied[scheduler.applied.length - 1]!.lr;
        last = await evaluate(model, data.test);
        plateau?.step(last.loss, optimizer, epoch);
        const entry: EpochEntry = {
          loss: fitted.history['loss']![0] as number,
          acc: fitted.history['acc']![0] as number,
          val_loss: last.loss,
          val_acc: last.accuracy,
          lr,
          seconds: (performance.now() - began) / 1000,
        };
        history = appendEpoch(history, entry);
        const state = await captureState(model, optimizer);
        const iteration = scheduler?.iteration ?? (epoch + 1) * batches;
        const plateauState =
          plateau === null ? {} : { plateau: { ...plateau.getState(), lr: getLearningRate(optimizer) } };
        saveCheckpoint(dir, {
          state: { configHash: hash, epoch: epoch + 1, iteration, backend, history, ...plateauState },
          ...state,
        });
        onEvent?.({ kind: 'epoch-end', epoch, epochs: config.epochs, batches, entry });
      } finally {
        endTurn();
      }
    }
    last ??= await evaluate(model, data.test);
    const report = classificationReport(data.test.labels, last.predictions, data.test.classNames);
    const outcome: RunOutcome = { status: 'finished', configHash: hash, config, backend, history, report };
    writeOutcome(dir, outcome);
    return { status: 'finished', outcome };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
