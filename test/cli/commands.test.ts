/**
 * The commands' command lines: --help on every command (from dist/, made by `npm run build`, which `npm test` runs),
 * errors that name the option typed, negative and malformed numbers, and the configuration the sweep hands `train`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandSpec, helpText, numberOption, parseCommandLine, UsageError, wantsHelp } from '../../lib/cli/args';
import { DATA_COMMAND } from '../../lib/cli/data';
import { NOTEBOOKS_COMMAND } from '../../lib/cli/notebooks';
import { SCHEDULES_COMMAND } from '../../lib/cli/schedules';
import { SWEEP_COMMAND, sweepOptions, trainArgs } from '../../lib/cli/sweep';
import { TRAIN_COMMAND, TRAIN_OPTION_NAMES, trainConfig } from '../../lib/cli/train';
import { PROFILES, type ProfileName, type RunConfig, validateRunConfig } from '../../lib/train';

const ROOT = join(__dirname, '../..');
const COMMANDS: Record<string, { spec: CommandSpec; script: string }> = {
  train: { spec: TRAIN_COMMAND, script: 'dist/cli/train.js' },
  sweep: { spec: SWEEP_COMMAND, script: 'dist/cli/sweep.js' },
  data: { spec: DATA_COMMAND, script: 'dist/cli/data.js' },
  schedules: { spec: SCHEDULES_COMMAND, script: 'dist/cli/schedules.js' },
  notebooks: { spec: NOTEBOOKS_COMMAND, script: 'dist/cli/notebooks.js' },
};

const train = (...argv: string[]): RunConfig => trainConfig(parseCommandLine(TRAIN_COMMAND, argv));

describe('--help', () => {
  it.each(Object.entries(COMMANDS))(
    '%s: usage, every option with its default, an example, exit status 0',
    (_name, { spec, script }) => {
      const path = join(ROOT, script);
      if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first (npm test does).`);
      const run = spawnSync(process.execPath, [path, '--help'], {
        encoding: 'utf8',
        env: { ...process.env, TFJS_BACKEND: 'cpu' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe(helpText(spec));
      expect(run.stdout).toMatch(new RegExp(`^Usage: ${spec.command} \\[options\\]`));
      for (const [option, o] of Object.entries(spec.options)) {
        const line = run.stdout.split('\n').find((l) => l.startsWith(`  --${option} `) || l === `  --${option}`);
        expect(line, option).toBeDefined();
        if (o.default !== undefined || o.shownDefault !== undefined)
          expect(line).toContain(`(default: ${o.default ?? o.shownDefault})`);
      }
      expect(run.stdout).toMatch(/\nExamples?:\n {2}npm run /);
    },
  );

  it('bench: its own options, from bench/train-resnet.js', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bench/train-resnet.js'), '--help'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run bench -- \[options\]/);
    expect(run.stdout).toMatch(/--steps N +Timed training steps of ResNet-20, an integer ≥ 1 \(default: 8\)/);
    expect(run.stdout).toMatch(
      /--article-batch N +The article's ResNet batch size, an integer ≥ 0 \(0 skips it\) \(default: 128\)/,
    );
  });

  it('bench: a ratio line per net, resnet20 last, from a run of one small step each', () => {
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bench/train-resnet.js'),
        '--steps',
        '1',
        '--warmup',
        '0',
        '--workers',
        '0',
        '--batch',
        '2',
        '--shallow-steps',
        '1',
        '--article-batch',
        '2',
        '--article-micro-batch',
        '1',
        '--article-steps',
        '1',
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^wasm SIMD ceiling \(estimate\): \d+ GFLOP\/s/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^article: ours \(tfjs wasm, \d+ threads, micro-batches of 1\) [\d.]+ images\/s/),
    );
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/^ratio shallow ours\/pytorch: (\d+\.\d\d|n\/a)$/),
      expect.stringMatching(/^ratio article ours\/pytorch: (\d+\.\d\d|n\/a)$/),
      expect.stringMatching(/^ratio resnet20 ours\/pytorch: (\d+\.\d\d|n\/a)$/),
    ]);
  }, 180_000);

  it('is asked for by --help or -h before a --', () => {
    expect(wantsHelp(['--epochs', '3', '-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
  });
});

describe('errors name the option typed', () => {
  it('a range error, for a negative number too', () => {
    expect(() => train('--epochs', '-1')).toThrow(/--epochs must be an integer ≥ 1 \(got -1\)\. See --help\./);
    expect(() => train('--lr', '-0.5')).toThrow(/--lr must be a finite number > 0 \(got -0\.5\)/);
    expect(() => train('--momentum', '1')).toThrow(/--momentum must be in \[0, 1\) \(got 1\)/);
  });

  it('the option, not the configuration field', () => {
    expect(() => train('--subset', '0')).toThrow(/--subset must be an integer in \[1, 5000\]/);
    expect(() => train('--subset', '0')).not.toThrow(/trainPerClass/);
    expect(() => train('--test-subset', '2000', '--batch-size', '0')).toThrow(
      /--batch-size must be an integer ≥ 1 \(got 0\); --test-subset must be/,
    );
    expect(() => train('--schedule', 'warp')).toThrow(/--schedule must be one of none, /);
  });

  it('a malformed number, an unknown option, a missing value', () => {
    expect(() => train('--epochs', 'ten')).toThrow(/--epochs must be a number \(got 'ten'\)/);
    expect(() => train('--epochs', '')).toThrow(/--epochs must be a number \(got ''\)/);
    expect(() => train('--epoch', '3')).toThrow(UsageError);
    expect(() => train('--epoch', '3')).toThrow(/Unknown option '--epoch'.* See --help\./);
    expect(() => parseCommandLine(SCHEDULES_COMMAND, ['--lr'])).toThrow(/--lr.*argument missing/);
  });

  it('numberOption: integer, bounds, open bounds', () => {
    const values = { a: '2.5', b: '-3', c: '0' };
    expect(numberOption(values, 'a')).toBe(2.5);
    expect(() => numberOption(values, 'a', { integer: true })).toThrow("--a must be an integer (got '2.5').");
    expect(() => numberOption(values, 'b', { min: 0 })).toThrow("--b must be a number ≥ 0 (got '-3').");
    expect(() => numberOption(values, 'c', { min: 0, minOpen: true, max: 1 })).toThrow(
      "--c must be a number > 0 and ≤ 1 (got '0').",
    );
    expect(() => numberOption(values, 'd')).toThrow('--d is required.');
  });
});

describe('the sweep hands each run its whole configuration', () => {
  it.each(Object.keys(PROFILES))('%s', (name) => {
    const profile = PROFILES[name as ProfileName];
    const options = sweepOptions(
      parseCommandLine(SWEEP_COMMAND, [
        '--profile',
        name,
        '--out',
        join(ROOT, 'output/nonexistent-sweep'),
        '--parallel',
        '1',
      ]),
    );
    const args = trainArgs({ schedule: 'linear', seed: 2 }, options);
    for (const [field, value] of Object.entries(profile)) {
      if (field !== 'seed' && value !== null)
        expect(args, field).toContain(TRAIN_OPTION_NAMES[field as keyof RunConfig]);
    }
    expect(trainConfig(parseCommandLine(TRAIN_COMMAND, args))).toEqual(
      validateRunConfig({ ...profile, schedule: 'linear', seed: 2, dataDir: options.data }),
    );
  });
});
