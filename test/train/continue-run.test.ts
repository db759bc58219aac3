import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../lib/backend';
import { PiecewiseConstant } from '../../lib/schedules';
import {
  CONTINUED_FROM_FILE,
  continueRun,
  experimentLog,
  type RunConfig,
  RunConfigError,
  RunFolderMismatchError,
  runExperiment,
  validateRunConfig,
} from '../../lib/train';
import { loadCheckpoint } from '../../lib/train/checkpoint';
import { stripesData, tempFolders, withoutTime } from './helpers';

const data = stripesData(16, 8); // 4 batches of 16 per epoch
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
const folder = tempFolders('continue');

/** A run of `base()` stopped after its first epoch, as "ctrl + c" would leave it. */
async function stoppedRun(): Promise<string> {
  const dir = folder();
  await runExperiment(base(), { dir, data, stopAfterEpochs: 1 });
  return dir;
}

beforeAll(async () => {
  await initBackend({ env: { TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' }, log: null });
});

describe('continueRun', () => {
  it('goes on from the stopped epoch at the lowered rate: the same run as a schedule that drops there', async () => {
    const from = await stoppedRun();
    const dir = folder();
    const lowered = base({ initialLr: 0.005 });
    const record = continueRun(from, dir, lowered);
    expect(record).toMatchObject({ from, epoch: 1, iteration: 4, changes: ['initialLr: 0.05 vs 0.005'] });
    expect(JSON.parse(readFileSync(join(dir, CONTINUED_FROM_FILE), 'utf8'))).toEqual(record);
    const continued = await runExperiment(lowered, { dir, data });
    // One uninterrupted run whose schedule makes the same change after epoch 1.
    const drop = new PiecewiseConstant({ boundaries: [0], values: [0.05, 0.005], unit: 'epoch' });
    const whole = await runExperiment(base({ schedule: drop.toConfig() }), { dir: folder(), data });
    if (continued.status !== 'finished' || whole.status !== 'finished') throw new Error('not finished');
    expect(continued.outcome.history.lr).toEqual([0.05, 0.005, 0.005]);
    expect(withoutTime(continued.outcome.history)).toEqual(withoutTime(whole.outcome.history));
    expect(continued.outcome.report).toEqual(whole.outcome.report);
    // The source is left as it was: another continuation can branch from the same epoch.
    expect(loadCheckpoint(from)?.state.epoch).toBe(1);
    expect(existsSync(join(from, 'result.json'))).toBe(false);
  });

  it('returns the same record when called again, before or after the continuation trained', async () => {
    const from = await stoppedRun();
    const dir = folder();
    const longer = base({ epochs: 4, initialLr: 0.01 });
    const record = continueRun(from, dir, longer);
    expect(continueRun(from, dir, longer)).toEqual(record);
    await runExperiment(longer, { dir, data });
    await runExperiment(base(), { dir: from, data }); // the source trains on in its own folder
    expect(continueRun(from, dir, longer)).toEqual(record);
    expect(record.changes).toEqual(['epochs: 3 vs 4', 'initialLr: 0.05 vs 0.01']);
  });

  it('refuses changes to the model, batch size, data or seed, naming them', async () => {
    const from = await stoppedRun();
    expect(() => continueRun(from, folder(), base({ model: 'shallow', seed: 3 }))).toThrow(RunConfigError);
    expect(() => continueRun(from, folder(), base({ model: 'shallow', seed: 3 }))).toThrow(
      /may change only schedule, initialLr, momentum, epochs; this one changes model: "tiny" vs "shallow"; seed: 0 vs 3/,
    );
    expect(() => continueRun(from, folder(), base({ batchSize: 8, initialLr: 0.01 }))).toThrow(
      /changes batchSize: 16 vs 8 /,
    );
  });

  it('refuses a continuation that changes nothing or ends before the checkpoint', async () => {
    const from = await stoppedRun();
    expect(() => continueRun(from, folder(), base())).toThrow(/resume that run in its own folder/);
    expect(() => continueRun(from, folder(), base({ epochs: 1, initialLr: 0.01 }))).toThrow(
      /epochs must be more than the 1 the checkpoint .* has finished \(got 1\)/,
    );
  });

  it('refuses a source without a checkpoint and a folder that holds another run', async () => {
    const empty = folder();
    expect(() => continueRun(empty, folder(), base())).toThrow(/holds no run/);
    const unstarted = folder();
    await runExperiment(base(), { dir: unstarted, data, stopAfterEpochs: 0 });
    expect(() => continueRun(unstarted, folder(), base({ initialLr: 0.01 }))).toThrow(RunFolderMismatchError);
    expect(() => continueRun(unstarted, folder(), base({ initialLr: 0.01 }))).toThrow(
      /train it for at least one epoch first/,
    );
    const from = await stoppedRun();
    const other = folder();
    await runExperiment(base({ initialLr: 0.01 }), { dir: other, data, stopAfterEpochs: 1 });
    expect(() => continueRun(from, other, base({ initialLr: 0.01 }))).toThrow(/already holds a run of its own/);
    const taken = folder();
    continueRun(from, taken, base({ initialLr: 0.01 }));
    expect(() => continueRun(other, taken, base({ initialLr: 0.02 }))).toThrow(/already continues .*, not /);
    expect(() => continueRun(from, taken, base({ initialLr: 0.02 }))).toThrow(
      /different configuration \(initialLr: 0.01 vs 0.02/,
    );
    writeFileSync(join(taken, CONTINUED_FROM_FILE), '{ torn');
    expect(() => continueRun(from, taken, base({ initialLr: 0.01 }))).toThrow(
      /continued-from.json cannot be read .*start the run afresh/,
    );
  });
});

describe('experimentLog', () => {
  it('lists each folder’s run: settings, status, last test accuracy and what it continues', async () => {
    const from = await stoppedRun();
    const dir = folder();
    const lowered = base({ initialLr: 0.005 });
    continueRun(from, dir, lowered);
    const unstarted = folder();
    await runExperiment(base({ schedule: 'linear', model: { stages: [1], filters: [8, 16] } }), {
      dir: unstarted,
      data,
      stopAfterEpochs: 0,
    });
    const before = experimentLog([from, dir, unstarted]);
    const stoppedAcc = loadCheckpoint(from)!.state.history.val_acc[0]!;
    expect(before[from]).toEqual({
      schedule: 'none',
      lr0: 0.05,
      epochs: 3,
      batch: 16,
      model: 'tiny',
      'train/class': 'all',
      status: 'stopped after epoch 1',
      'test acc. %': Number((100 * stoppedAcc).toFixed(1)),
      continues: '',
    });
    expect(before[dir]).toMatchObject({
      lr0: 0.005,
      status: 'stopped after epoch 1',
      continues: `${from} after epoch 1`,
    });
    expect(before[unstarted]).toMatchObject({
      schedule: 'linear',
      model: 'stages 1, filters 8/16',
      status: 'not started',
    });
    expect(before[unstarted]!['test acc. %']).toBeNaN();
    const finished = await runExperiment(lowered, { dir, data });
    if (finished.status !== 'finished') throw new Error('not finished');
    expect(experimentLog([dir])[dir]).toMatchObject({
      status: 'finished',
      'test acc. %': Number((100 * finished.outcome.history.val_acc[2]!).toFixed(1)),
    });
    expect(() => experimentLog([folder()])).toThrow(/holds no run \(no config.json\)/);
  });
});
