import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../lib/backend';
import { findCifar10Dir } from '../../lib/data/cifar10';
import { fromConfig, StepDecay } from '../../lib/schedules';
import {
  CHECKPOINT_FILE,
  CONFIG_FILE,
  type RunConfig,
  type RunEvent,
  RunFolderMismatchError,
  runExperiment,
  TrainingDivergedError,
  validateRunConfig,
} from '../../lib/train';
import { loadCheckpoint } from '../../lib/train/checkpoint';
import { stripesData, tempFolders, withoutTime } from './helpers';

const data = stripesData(16, 8); // 64 training images: 4 batches of 16 per epoch; 32 test images
const base = (overrides: Partial<RunConfig> = {}): RunConfig =>
  validateRunConfig({
    schedule: 'none',
    epochs: 3,
    batchSize: 16,
    initialLr: 0.05,
    model: 'tiny',
    dataDir: 'synthetic',
    ...overrides,
  });

const cifar = (() => {
  try {
    return findCifar10Dir([join(__dirname, '../../../shared/data/cifar-10-batches-bin')]);
  } catch {
    return undefined;
  }
})();

const folder = tempFolders('train');

beforeAll(async () => {
  // One thread (the stock single-threaded binary): deterministic, and the pure-JS cpu backend trains convolutions ~50× slower.
  await initBackend({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' }, log: null });
});

describe('runExperiment', () => {
  it('lowers the loss, logs the per-epoch rates of the schedule and writes the result', async () => {
    const step = new StepDecay({ initAlpha: 0.05, factor: 0.5, dropEvery: 1 });
    const dir = folder();
    const result = await runExperiment(base({ schedule: step.toConfig() }), { dir, data });
    expect(result.status).toBe('finished');
    if (result.status !== 'finished') return;
    const { history, report } = result.outcome;
    expect(history.lr).toEqual(step.rates(3)); // the article's step decay drops at the end of each epoch
    expect(history.lr).toEqual([0.025, 0.0125, 0.00625]);
    expect(history.loss).toHaveLength(3);
    expect(history.loss[2]!).toBeLessThan(history.loss[0]!);
    expect(history.val_acc.every((a) => a >= 0 && a <= 1)).toBe(true);
    expect(report?.support).toBe(32);
    expect(report?.accuracy).toBeCloseTo(history.val_acc[2]!, 10);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).status).toBe('finished');
  });

  it("applies Keras' standard decay per batch update: the logged rate is the last update's", async () => {
    const result = await runExperiment(base({ schedule: 'standard', epochs: 2 }), { dir: folder(), data });
    if (result.status !== 'finished') throw new Error('not finished');
    const decay = fromConfig({ className: 'KerasDecay', config: { initialLr: 0.05, decay: 0.05 / 2 } });
    // 4 updates per epoch: epoch 1 ends with update 3, epoch 2 with update 7.
    expect(result.outcome.history.lr).toEqual([decay.at(3), decay.at(7)]);
  });

  it('resumes a run stopped after an epoch and ends exactly as the uninterrupted run', async () => {
    const config = base({ schedule: 'linear' });
    const whole = await runExperiment(config, { dir: folder(), data });
    const dir = folder();
    const stopped = await runExperiment(config, { dir, data, stopAfterEpochs: 1 });
    expect(stopped.status).toBe('stopped');
    expect(loadCheckpoint(dir)?.state).toMatchObject({ epoch: 1, iteration: 4 });
    const resumed = await runExperiment(config, { dir, data }); // a new runner, as after a restart
    if (whole.status !== 'finished' || resumed.status !== 'finished') throw new Error('not finished');
    expect(withoutTime(resumed.outcome.history)).toEqual(withoutTime(whole.outcome.history));
    expect(resumed.outcome.report).toEqual(whole.outcome.report);
    // A finished run is not trained again.
    const again = await runExperiment(config, {
      dir,
      data,
      onEvent: () => {
        throw new Error('trained again');
      },
    });
    expect(again.status).toBe('finished');
  });

  it("'plateau' divides the rate by 10 after each epoch that ends a plateau of the test loss, and resumes exactly", async () => {
    const config = base({ schedule: 'plateau', epochs: 6, initialLr: 0.3 });
    const whole = await runExperiment(config, { dir: folder(), data });
    const dir = folder();
    expect((await runExperiment(config, { dir, data, stopAfterEpochs: 3 })).status).toBe('stopped');
    expect(loadCheckpoint(dir)?.state.plateau).toMatchObject({ wait: expect.any(Number), cooldown: 0 });
    const resumed = await runExperiment(config, { dir, data });
    if (whole.status !== 'finished' || resumed.status !== 'finished') throw new Error('not finished');
    expect(withoutTime(resumed.outcome.history)).toEqual(withoutTime(whole.outcome.history));
    // Keras' rule with patience max(1, round(6 / 10)) = 1: a test loss not below the best by 1e-4 cuts the next rate.
    const { lr, val_loss: losses } = whole.outcome.history;
    let best = Infinity;
    const expected = [0.3];
    for (const loss of losses.slice(0, -1)) {
      const improved = loss < best - 1e-4;
      if (improved) best = loss;
      expected.push(improved ? expected.at(-1)! : expected.at(-1)! * 0.1);
    }
    expect(lr).toEqual(expected);
    expect(new Set(lr).size, `no plateau in ${JSON.stringify(losses)}`).toBeGreaterThan(1);
  });

  it('runs and resumes a per-iteration schedule with an end (OneCycle over exactly the run’s updates)', async () => {
    // 3 epochs of 4 updates: the schedule is defined for iterations 0…11 and not one more.
    const cycle = { className: 'OneCycle', config: { maxLr: 0.05, totalSteps: 12, unit: 'iteration' } };
    const config = base({ schedule: cycle });
    const whole = await runExperiment(config, { dir: folder(), data });
    const dir = folder();
    await runExperiment(config, { dir, data, stopAfterEpochs: 2 });
    const resumed = await runExperiment(config, { dir, data });
    if (whole.status !== 'finished' || resumed.status !== 'finished') throw new Error('not finished');
    const schedule = fromConfig(cycle);
    expect(whole.outcome.history.lr).toEqual([schedule.at(3), schedule.at(7), schedule.at(11)]);
    expect(withoutTime(resumed.outcome.history)).toEqual(withoutTime(whole.outcome.history));
  });

  it('refuses a folder holding another configuration, naming the differing fields', async () => {
    const dir = folder();
    await runExperiment(base({ epochs: 1 }), { dir, data, stopAfterEpochs: 0 });
    const attempt = runExperiment(base({ epochs: 4, initialLr: 0.01 }), { dir, data });
    await expect(attempt).rejects.toThrow(RunFolderMismatchError);
    await expect(attempt).rejects.toThrow(/epochs: 1 vs 4; initialLr: 0.05 vs 0.01;.*start afresh/);
  });

  it('leaves nothing behind when a new run fails before its first epoch, so another configuration can use the folder', async () => {
    const dir = join(folder(), 'runs', 'step');
    const missing = join(folder(), 'nonexistent');
    await expect(runExperiment(base({ schedule: 'step', dataDir: missing }), { dir })).rejects.toThrow(
      /The CIFAR-10 folder \S*nonexistent does not exist/,
    );
    expect(existsSync(join(dir, '..'))).toBe(false); // both folders it made are gone
    const result = await runExperiment(base({ schedule: 'step', epochs: 1, initialLr: 0.01 }), { dir, data });
    expect(result.status).toBe('finished');
  });

  it('keeps the folder of an existing run when a later call fails before training', async () => {
    const dir = folder();
    const config = base({ dataDir: join(dir, 'nonexistent') });
    await runExperiment(config, { dir, data, stopAfterEpochs: 0 }); // a run with its config.json, no checkpoint yet
    const before = readFileSync(join(dir, CONFIG_FILE), 'utf8');
    await expect(runExperiment(config, { dir })).rejects.toThrow(/The CIFAR-10 folder \S*nonexistent does not exist/);
    expect(readdirSync(dir)).toEqual([CONFIG_FILE]);
    expect(readFileSync(join(dir, CONFIG_FILE), 'utf8')).toBe(before);

    await runExperiment(config, { dir, data, stopAfterEpochs: 1 }); // now with a checkpoint
    await expect(runExperiment(config, { dir })).rejects.toThrow(/The CIFAR-10 folder \S*nonexistent does not exist/);
    expect(readdirSync(dir).sort()).toEqual([CHECKPOINT_FILE, CONFIG_FILE]);
  });

  it('stops a diverging run with a message naming the schedule, epoch and batch, and records it', async () => {
    const dir = folder();
    const config = base({ schedule: 'step', initialLr: 1e7, epochs: 2 });
    const attempt = runExperiment(config, { dir, data });
    await expect(attempt).rejects.toThrow(TrainingDivergedError);
    await expect(attempt).rejects.toThrow(/^The 'step' run diverged at epoch 1, batch [2-4]\/4: loss /);
    expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(false);
    await expect(runExperiment(config, { dir, data })).rejects.toThrow(/The 'step' run diverged at epoch 1/);
  });

  it('stops a run that blows up in its first updates, though its losses stay finite (rate 300)', async () => {
    // The first batch's loss is taken before any update (1.49, about ln 4); the next ones are 175, 436, 496… which
    // stayed under the former bar, 1000 × the first loss, so the run used to "finish".
    const losses: number[] = [];
    const dir = folder();
    const attempt = runExperiment(base({ initialLr: 300, epochs: 2 }), {
      dir,
      data,
      onEvent: (e) => {
        if (e.kind === 'batch') losses.push(e.loss);
      },
    });
    await expect(attempt).rejects.toThrow(
      /^The 'none' run diverged at epoch 1, batch [2-4]\/4: loss \S+ > 13\.86, 10 × the loss of a uniform guess over the classes \(ln\(classes\) = 1\.386/,
    );
    expect(losses[0]).toBeLessThan(2 * Math.log(4));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).status).toBe('diverged');
  });

  describe.skipIf(cifar === undefined)(
    'on the real CIFAR-10 (skipped without ../shared/data/cifar-10-batches-bin)',
    () => {
      it('stops `--schedule none --lr 1000 --model tiny --subset 50 --epochs 2` as diverged in its first epoch', async () => {
        const config = validateRunConfig({
          schedule: 'none',
          initialLr: 1000,
          model: 'tiny',
          trainPerClass: 50,
          epochs: 2,
          dataDir: cifar!,
        });
        await expect(runExperiment(config, { dir: folder() })).rejects.toThrow(
          /^The 'none' run diverged at epoch 1, batch [2-4]\/4: loss \S+ > 23\.03, 10 × /,
        );
      });
    },
  );

  it('stops after the batch during which the signal was aborted, keeps the last checkpoint and resumes to the same end', async () => {
    const config = base({ schedule: 'linear' });
    const whole = await runExperiment(config, { dir: folder(), data });
    const dir = folder();
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const tensors = tf.memory().numTensors;
    const interrupted = await runExperiment(config, {
      dir,
      data,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        // Aborted from a macrotask, as a SIGINT listener would: the runner must let the event loop run between batches.
        if (e.kind === 'batch' && e.epoch === 1 && e.batch === 0) setImmediate(() => controller.abort());
      },
    });
    expect(interrupted.status).toBe('interrupted');
    if (interrupted.status !== 'interrupted') return;
    expect(interrupted.history.loss).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'batch' && e.epoch === 1).map((e) => e.kind === 'batch' && e.batch)).toEqual(
      [0],
    );
    expect(events.at(-1)?.kind).toBe('batch'); // no epoch-end: the partial epoch is dropped
    expect(tf.memory().numTensors).toBe(tensors);
    expect(readdirSync(dir).sort()).toEqual([CHECKPOINT_FILE, CONFIG_FILE]); // no result, no temporary file
    expect(loadCheckpoint(dir)?.state).toMatchObject({ epoch: 1, iteration: 4 });
    // Aborted before it starts: nothing is trained, the checkpoint stays.
    const already = AbortSignal.abort();
    expect(await runExperiment(config, { dir, data, signal: already })).toMatchObject({
      status: 'interrupted',
      history: interrupted.history,
    });
    const resumed = await runExperiment(config, { dir, data });
    if (whole.status !== 'finished' || resumed.status !== 'finished') throw new Error('not finished');
    expect(withoutTime(resumed.outcome.history)).toEqual(withoutTime(whole.outcome.history));
    expect(resumed.outcome.report).toEqual(whole.outcome.report);
  });

  it('finishes and checkpoints an epoch whose last batch was under way when the signal was aborted', async () => {
    const dir = folder();
    const controller = new AbortController();
    const result = await runExperiment(base({ epochs: 2 }), {
      dir,
      data,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'batch' && e.epoch === 0 && e.batch === 3) controller.abort();
      },
    });
    expect(result).toMatchObject({ status: 'interrupted' });
    if (result.status === 'interrupted') expect(result.history.loss).toHaveLength(1);
    expect(loadCheckpoint(dir)?.state.epoch).toBe(1);
  });

  it('waits for a turn before each epoch, gives it back after the checkpoint and leaves the wait out of the time', async () => {
    const dir = folder();
    const log: string[] = [];
    const result = await runExperiment(base(), {
      dir,
      data,
      epochTurn: async () => {
        log.push('wait');
        // The first turn comes after 3 s; the epoch's seconds must not count them.
        if (log.length === 1) await new Promise((resolve) => setTimeout(resolve, 3000));
        log.push('turn');
        return () => log.push(`end after checkpoint ${loadCheckpoint(dir)?.state.epoch}`);
      },
      onEvent: (e) => {
        if (e.kind === 'epoch-begin' || e.kind === 'epoch-end') log.push(`${e.kind} ${e.epoch}`);
      },
    });
    expect(log).toEqual(
      [0, 1, 2].flatMap((e) => ['wait', 'turn', `epoch-begin ${e}`, `epoch-end ${e}`, `end after checkpoint ${e + 1}`]),
    );
    if (result.status !== 'finished') throw new Error('not finished');
    expect(result.outcome.history.seconds[0]!).toBeLessThan(3);
  });

  it('is interrupted by a signal aborted while it waits for a turn, and gives back a turn it got', async () => {
    const dir = folder();
    const controller = new AbortController();
    let ended = 0;
    const result = await runExperiment(base(), {
      dir,
      data,
      signal: controller.signal,
      epochTurn: async (signal) => {
        if (ended === 1) controller.abort(); // during the wait for the second epoch's turn
        expect(signal).toBe(controller.signal);
        return () => ended++;
      },
    });
    expect(result).toMatchObject({ status: 'interrupted' });
    if (result.status === 'interrupted') expect(result.history.loss).toHaveLength(1);
    expect(ended).toBe(2);
    expect(loadCheckpoint(dir)?.state.epoch).toBe(1);
  });
});
