/**
 * `npm run train` and `npm run sweep` as a user runs them: the compiled commands (dist/cli, so this needs
 * `npm run build` first, as `npm test` does; without dist/ the tests are skipped and say so) on a synthetic CIFAR-10
 * folder, stopped with SIGINT as Ctrl-C stops them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarFolder } from '../data/helpers';
import { tempDir } from './helpers';
import { PROFILES } from '../../lib/train/profiles';

const TRAIN = resolve(__dirname, '../../dist/cli/train.js');
const SWEEP = resolve(__dirname, '../../dist/cli/sweep.js');
/** One thread (the stock single-threaded binary): deterministic, so that a resumed run can be compared with an uninterrupted one. */
const ENV = { ...process.env, TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' };

/** A started command: its output so far, a wait for a line of it, and its end. */
function start(
  script: string,
  args: string[],
): {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp) => Promise<void>;
  ended: Promise<number | null>;
} {
  const child = spawn(process.execPath, [script, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiting: (() => void)[] = [];
  const append = (chunk: Buffer): void => {
    text += chunk.toString();
    waiting.forEach((check) => check());
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const waitFor = (pattern: RegExp): Promise<void> =>
    new Promise((done, fail) => {
      const check = (): void => {
        if (pattern.test(text)) done();
      };
      waiting.push(check);
      void ended.then(() => fail(new Error(`the command ended without printing ${pattern}:\n${text}`)));
      check();
    });
  return { child, output: () => text, waitFor, ended };
}

const withoutTime = (path: string): unknown => {
  const { seconds: _seconds, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return rest;
};

describe.skipIf(!existsSync(TRAIN))('the train and sweep commands (need npm run build)', () => {
  let root = '';
  let cleanup = (): void => {};
  let data = '';
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('cli'));
    data = join(root, 'cifar');
    writeCifarFolder(data);
  });
  afterAll(() => cleanup());

  it('takes a model shape as JSON, and says what a shape is when it is not one', () => {
    const bad = spawnSync(
      process.execPath,
      [TRAIN, '--model', '{"stages":[1],"filters":[8]}', '--data', data, '--out', join(root, 'bad')],
      { env: ENV, encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/model\.filters must be a list of 2 numbers .*\(got \[8\]\); a shape is \{"stages": \[/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });

  it(
    'leaves no folder behind when a run fails before its first epoch: the next run with other options starts there',
    { timeout: 60_000 },
    () => {
      const out = join(root, 'failed-first');
      const missing = spawnSync(
        process.execPath,
        [TRAIN, '--schedule', 'step', '--data', join(root, 'nonexistent'), '--out', out],
        { env: ENV, encoding: 'utf8' },
      );
      expect(missing.status).toBe(1);
      expect(missing.stderr).toMatch(/The CIFAR-10 folder \S*nonexistent does not exist/);
      expect(existsSync(out)).toBe(false);
      const next = spawnSync(
        process.execPath,
        [
          TRAIN,
          '--schedule',
          'step',
          '--model',
          '{"stages":[1],"filters":[8,16]}',
          '--subset',
          '4',
          '--test-subset',
          '2',
          '--epochs',
          '1',
          '--batch-size',
          '8',
          '--lr',
          '0.01',
          '--data',
          data,
          '--out',
          out,
        ],
        { env: ENV, encoding: 'utf8' },
      );
      expect(next.status, next.stdout + next.stderr).toBe(0);
      expect(readdirSync(out)).toContain('result.json');
    },
  );

  it(
    'stops at Ctrl-C during an epoch, says where and how to resume, keeps no partial file, and resumes to the same end',
    { timeout: 180_000 },
    async () => {
      const args = (out: string): string[] => [
        '--schedule',
        'linear',
        '--model',
        '{"stages":[1],"filters":[8,16]}',
        '--subset',
        '40',
        '--test-subset',
        '5',
        '--epochs',
        '3',
        '--batch-size',
        '16',
        '--data',
        data,
        '--out',
        out,
      ];
      const whole = join(root, 'whole');
      const uninterrupted = spawnSync(process.execPath, [TRAIN, ...args(whole)], { env: ENV, encoding: 'utf8' });
      expect(uninterrupted.status, uninterrupted.stdout + uninterrupted.stderr).toBe(0);

      const out = join(root, 'interrupted');
      const run = start(TRAIN, args(out));
      await run.waitFor(/^Epoch 2\/3$/m);
      run.child.kill('SIGINT');
      expect(await run.ended, run.output()).toBe(130);
      const message =
        /^Interrupted during epoch 2\/3 \(batch \d+\/25\) of the 'linear' run; epoch 1 is saved in (.*)\. Resume with: npm run train -- (.*)$/m.exec(
          run.output(),
        );
      expect(message, run.output()).not.toBeNull();
      expect(message![1]).toBe(out);
      expect(readdirSync(out).sort()).toEqual(['checkpoint.bin', 'config.json']);

      // The printed command, through a shell (the shape is quoted), finishes the run as the uninterrupted one ended.
      const resumed = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${TRAIN}" ${message![2]}`], {
        env: ENV,
        encoding: 'utf8',
      });
      expect(resumed.status, resumed.stdout + resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain("Resuming the 'linear' run after epoch 1 of 3.");
      expect(withoutTime(join(out, 'history.json'))).toEqual(withoutTime(join(whole, 'history.json')));
      expect(readFileSync(join(out, 'report.txt'), 'utf8')).toBe(readFileSync(join(whole, 'report.txt'), 'utf8'));
    },
  );

  it(
    'sweep: Ctrl-C stops the run under way cleanly, starts no other, and prints what stopped where and how to resume',
    { timeout: 120_000 },
    async () => {
      const out = join(root, 'sweep');
      const args = [
        '--profile',
        'workshop',
        '--schedules',
        'none,step',
        '--parallel',
        '1',
        '--data',
        data,
        '--out',
        out,
      ];
      const { epochs, trainPerClass, batchSize } = PROFILES.workshop;
      const batches = Math.ceil((10 * trainPerClass) / batchSize);
      const sweep = start(SWEEP, args);
      await sweep.waitFor(/^\[none-seed0\] +started: /m);
      // Then its turn and its first epoch's start (its log says "Epoch 1/8"), so that Ctrl-C finds it training.
      const log = join(out, 'none-seed0', 'train.log');
      while (!/^Epoch 1\//m.test(existsSync(log) ? readFileSync(log, 'utf8') : '')) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      sweep.child.kill('SIGINT');
      expect(await sweep.ended, sweep.output()).toBe(130);
      const text = sweep.output();
      expect(text).toMatch(
        new RegExp(
          `^\\[none-seed0\\] +interrupted during epoch 1/${epochs} \\(batch \\d+/${batches}\\) of the 'none' run; no epoch is saved yet in ${out}/none-seed0$`,
          'm',
        ),
      );
      expect(text).toContain(
        'Sweep interrupted. interrupted: none-seed0; not started: step-seed0 (each interrupted run resumes from its last saved epoch',
      );
      expect(text).toContain(`Resume with: npm run sweep -- ${args.join(' ')}`);
      expect(readdirSync(join(out, 'none-seed0')).sort()).toEqual(['config.json', 'train.log']);
      expect(readFileSync(join(out, 'none-seed0', 'train.log'), 'utf8')).toMatch(
        new RegExp(`^Interrupted during epoch 1/${epochs} \\(batch \\d+/${batches}\\) of the 'none' run`, 'm'),
      );
      expect(existsSync(join(out, 'step-seed0'))).toBe(false);
      expect(existsSync(join(out, 'results.md'))).toBe(false);
    },
  );
});
