/**
 * `npm run sweep` end to end on the smoke profile and a synthetic CIFAR-10 folder: two parts of one sweep started at
 * once into one folder, then the report. Runs the built CLI (dist/, made by `npm run build`, which `npm test` runs).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSavedSweep, sweepOutcome, sweepSeries, sweepTable } from '../../lib/train';
import { writeCifarFolder } from '../data/helpers';
import { tempDir } from '../train/helpers';

const CLI = join(__dirname, '../../dist/cli/sweep.js');
const { dir, cleanup } = tempDir('sweep-cli');
const data = join(dir, 'cifar');
const out = join(dir, 'sweep');
afterAll(cleanup);

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does).`);
  writeCifarFolder(data);
});

/** Runs the sweep CLI; resolves to its exit status and output. */
function sweep(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, '--profile', 'smoke', '--schedules', 'none,standard,linear', '--data', data, '--out', out, ...args],
      {
        env: { ...process.env, TFJS_WASM_THREADS: '1', ...env },
      },
    );
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const finalAccuracy = (run: string): number => {
  const result = JSON.parse(readFileSync(join(out, run, 'result.json'), 'utf8')) as {
    status: string;
    config: { seed: number };
    history: { val_acc: number[] };
  };
  expect(result.status).toBe('finished');
  return result.history.val_acc.at(-1)!;
};

describe('a sweep in two parts started at once into one folder', () => {
  const runs = ['none-seed0', 'standard-seed0', 'linear-seed0', 'none-seed1', 'standard-seed1', 'linear-seed1'];

  it('trains every run exactly once, each in its own folder, and writes nothing else there', async () => {
    const [first, second] = await Promise.all([
      sweep(['--seeds', '2', '--shard', '1/2', '--parallel', '1']),
      sweep(['--seeds', '0,1', '--shard', 'auto/2', '--parallel', '1'], { JOB_COMPLETION_INDEX: '1' }),
    ]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(first.output).toContain('part 1/2: 3 of 6 runs');
    expect(second.output).toContain('part 2/2 (JOB_COMPLETION_INDEX=1): 3 of 6 runs');
    // Round robin over none0 standard0 linear0 none1 standard1 linear1.
    const started = (output: string) => [...output.matchAll(/\[([\w-]+)\]\s+started/g)].map((m) => m[1]).sort();
    expect(started(first.output)).toEqual(['linear-seed0', 'none-seed0', 'standard-seed1']);
    expect(started(second.output)).toEqual(['linear-seed1', 'none-seed1', 'standard-seed0']);
    expect(readdirSync(out).sort()).toEqual([...runs].sort());
    for (const run of runs) {
      const config = JSON.parse(readFileSync(join(out, run, 'config.json'), 'utf8')) as {
        config: { seed: number; schedule: string };
      };
      expect(`${config.config.schedule}-seed${config.config.seed}`).toBe(run);
    }
    expect(first.output).toMatch(
      /When every part has finished, build the report with\n {2}npm run sweep -- .*--seeds 2 --parallel 1 --report\n/,
    );
  }, 240_000);

  it('re-run, a part reads its finished runs back without training', async () => {
    const again = await sweep(['--seeds', '2', '--shard', '2/2']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).not.toContain('started');
    expect(again.output).toContain('| standard | 0 | finished |');
  }, 120_000);

  it('--report names the missing runs of a larger list and exits 1', async () => {
    const report = await sweep(['--seeds', '3', '--report']);
    expect(report.code, report.output).toBe(1);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(
      'Missing (3 of 9 runs have no result yet): none-seed2, standard-seed2, linear-seed2.',
    );
  }, 120_000);

  it('--report of the whole list gives the statistics of the runs’ results', async () => {
    const report = await sweep(['--seeds', '2', '--report']);
    expect(report.code, report.output).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      seeds: number[];
      seconds: number | null;
      missing: unknown[];
      rows: { schedule: string; seed: number }[];
      summaries: { schedule: string; final: { mean: number; std: number; values: number[] } }[];
      pairs: { better: string; worse: string; final: { mean: number; ci: [number, number] } }[];
    };
    expect(json).toMatchObject({ seeds: [0, 1], seconds: null, missing: [] });
    expect(json.rows.map((r) => `${r.schedule}-seed${r.seed}`)).toEqual(runs);
    // Standard decay lowers the rate from the first batch on; the others keep 0.1 through the one epoch.
    const [n0, n1, l0, l1] = ['none-seed0', 'none-seed1', 'standard-seed0', 'standard-seed1'].map(finalAccuracy) as [
      number,
      number,
      number,
      number,
    ];
    const none = json.summaries.find((s) => s.schedule === 'none')!;
    expect(none.final.values).toEqual([n0, n1]);
    expect(none.final.mean).toBeCloseTo((n0 + n1) / 2, 12);
    expect(none.final.std).toBeCloseTo(Math.abs(n0 - n1) / Math.SQRT2, 12); // two values: |a − b| / √2
    const pair = json.pairs.find((p) => [p.better, p.worse].sort().join() === 'none,standard')!;
    const sign = pair.better === 'standard' ? 1 : -1;
    const [d0, d1] = [sign * (l0 - n0), sign * (l1 - n1)];
    expect(Math.abs(d0 - d1)).toBeGreaterThan(0); // a real interval, not a width of 0
    expect(pair.final.mean).toBeCloseTo((d0 + d1) / 2, 12);
    // df 1: t = 12.7062047362 (tan 0.475π); the standard error of two differences is |d0 − d1| / 2.
    expect(pair.final.ci[1] - pair.final.mean).toBeCloseTo((12.706204736174707 * Math.abs(d0 - d1)) / 2, 10);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('## Runs');
    // Notebooks read it back: the first seed's run by default, the mean and sd over the seeds in the table.
    const saved = readSavedSweep(out);
    expect(sweepOutcome(saved, 'none', 1).history.val_acc.at(-1)).toBe(n1);
    expect(sweepSeries(saved, 'val_acc', ['none'])[0]!.values.at(-1)).toBe(n0);
    expect(sweepTable(saved)['none']).toMatchObject({
      'final test acc. %': Number((50 * (n0 + n1)).toFixed(1)),
      seeds: 2,
    });
    for (const file of ['accuracy.png', 'lr.png', 'sweep.html']) expect(existsSync(join(out, file))).toBe(true);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 120_000);

  it('refuses --report with --shard, and bad --seeds, saying why', async () => {
    expect((await sweep(['--report', '--shard', '1/2'])).output).toContain(
      '--report builds the report of the whole sweep: leave out --shard.',
    );
    const bad = await sweep(['--seeds', '0,0']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('Seed 0 is named twice.');
  }, 60_000);
});
