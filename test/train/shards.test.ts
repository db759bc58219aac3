import { describe, expect, it } from 'vitest';
import { parseShard, ShardOptionError, shardRuns, runName, sweepRuns } from '../../lib/train';

const SCHEDULES = ['none', 'standard', 'step', 'linear', 'poly'];

describe('the run list', () => {
  it('is every schedule at every seed, seed by seed, each run named by both', () => {
    const runs = sweepRuns(['linear', 'clr-triangular'], [0, 2]);
    expect(runs.map(runName)).toEqual(['linear-seed0', 'clr-triangular-seed0', 'linear-seed2', 'clr-triangular-seed2']);
  });
});

describe('shardRuns', () => {
  it('gives every run to exactly one part, parts within one run of each other, for many sizes', () => {
    for (const seeds of [[0], [0, 1, 2], [0, 1, 2, 3, 4]]) {
      const runs = sweepRuns(SCHEDULES, seeds);
      for (const n of [1, 2, 3, 4, 5, 7, 15, 16, 40]) {
        const parts = Array.from({ length: n }, (_, k) => shardRuns(runs, { index: k + 1, count: n }));
        const all = parts.flat().map(runName);
        expect(all.length).toBe(runs.length);
        expect(new Set(all)).toEqual(new Set(runs.map(runName)));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is the same every time the same list is cut (a re-run or another machine gets the same part)', () => {
    const cut = () => shardRuns(sweepRuns(SCHEDULES, [0, 1, 2]), { index: 2, count: 4 }).map(runName);
    expect(cut()).toEqual(['standard-seed0', 'none-seed1', 'poly-seed1', 'linear-seed2']); // runs 1, 5, 9, 13 of 0…14
    expect(cut()).toEqual(cut());
  });
});

describe('parseShard', () => {
  it('reads K/N, 1-based', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/5')).toEqual({ index: 3, count: 5 });
  });

  it('refuses what is not a part, saying what is allowed', () => {
    for (const [text, why] of [
      ['0/3', /K must be in 1…3/],
      ['4/3', /K must be in 1…3/],
      ['2', /must be K\/N/],
      ['1/0', /N must be at least 1/],
      ['a/3', /K must be a whole number \(got 'a'/],
      ['1/2/3', /must be K\/N/],
      ['', /must be K\/N/],
      ['1.5/3', /K must be a whole number/],
    ] as const) {
      expect(() => parseShard(text)).toThrow(ShardOptionError);
      expect(() => parseShard(text)).toThrow(why);
    }
  });

  it("auto: a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (0-based), with the count given", () => {
    expect(parseShard('auto/5', { JOB_COMPLETION_INDEX: '0' })).toEqual({
      index: 1,
      count: 5,
      source: 'JOB_COMPLETION_INDEX=0',
    });
    expect(parseShard('auto/5', { JOB_COMPLETION_INDEX: '4' })).toMatchObject({ index: 5, count: 5 });
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '1' })).toThrow(
      /gives the part but not how many.*--shard auto\/N \(for a Kubernetes Indexed Job, N = spec\.completions\)/,
    );
    expect(() => parseShard('auto/5', { JOB_COMPLETION_INDEX: '5' })).toThrow(
      /JOB_COMPLETION_INDEX=5 is part 6, but there are only 5 parts/,
    );
  });

  it("auto: a Slurm job array's task, counted from its first index in its steps", () => {
    const slurm = (id: number, min: number, step: number, count: number) => ({
      SLURM_ARRAY_TASK_ID: String(id),
      SLURM_ARRAY_TASK_MIN: String(min),
      SLURM_ARRAY_TASK_STEP: String(step),
      SLURM_ARRAY_TASK_COUNT: String(count),
    });
    expect(parseShard('auto', slurm(0, 0, 1, 5))).toEqual({ index: 1, count: 5, source: 'SLURM_ARRAY_TASK_ID=0' }); // --array=0-4
    expect(parseShard('auto', slurm(5, 1, 1, 5))).toMatchObject({ index: 5, count: 5 }); // --array=1-5
    expect(parseShard('auto', slurm(6, 0, 2, 5))).toMatchObject({ index: 4, count: 5 }); // --array=0-8:2
    expect(parseShard('auto/5', slurm(2, 0, 1, 5))).toMatchObject({ index: 3, count: 5 });
    expect(() => parseShard('auto/4', slurm(2, 0, 1, 5))).toThrow(/has 5 tasks \(SLURM_ARRAY_TASK_COUNT\), not 4/);
    expect(() => parseShard('auto', slurm(3, 0, 2, 5))).toThrow(
      /SLURM_ARRAY_TASK_ID 3 is not on the array's range from 0 in steps of 2/,
    );
  });

  it('auto without a batch system, or with two, asks for K/N', () => {
    expect(() => parseShard('auto', {})).toThrow(
      /neither JOB_COMPLETION_INDEX .* nor SLURM_ARRAY_TASK_ID .* is set; give the part as --shard K\/N/,
    );
    expect(() => parseShard('auto/2', { JOB_COMPLETION_INDEX: '0', SLURM_ARRAY_TASK_ID: '0' })).toThrow(
      /both .* are set/,
    );
    expect(() => parseShard('auto/2', { JOB_COMPLETION_INDEX: 'x' })).toThrow(
      /JOB_COMPLETION_INDEX must be a whole number/,
    );
  });
});
