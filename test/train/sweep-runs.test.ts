import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFolder } from '../../lib/train';
import { tempDir } from './helpers';

const { dir, cleanup } = tempDir('sweep-runs');
afterAll(cleanup);

describe('runFolder', () => {
  it('is <out>/<schedule>-seed<k>', () => {
    expect(runFolder(dir, { schedule: 'linear', seed: 2 })).toBe(join(dir, 'linear-seed2'));
  });

  it("is a sweep's folder from before seeds, <out>/<schedule>, when it holds a run of that seed and the new one does not exist", () => {
    mkdirSync(join(dir, 'step'));
    writeFileSync(
      join(dir, 'step', 'config.json'),
      JSON.stringify({ configHash: 'h', config: { seed: 0, schedule: 'step' } }),
    );
    expect(runFolder(dir, { schedule: 'step', seed: 0 })).toBe(join(dir, 'step'));
    expect(runFolder(dir, { schedule: 'step', seed: 1 })).toBe(join(dir, 'step-seed1'));
    mkdirSync(join(dir, 'step-seed0'));
    expect(runFolder(dir, { schedule: 'step', seed: 0 })).toBe(join(dir, 'step-seed0'));
    mkdirSync(join(dir, 'poly'));
    writeFileSync(join(dir, 'poly', 'config.json'), '{ not json');
    expect(runFolder(dir, { schedule: 'poly', seed: 0 })).toBe(join(dir, 'poly-seed0'));
  });
});
