/**
 * `npm run schedules` draws today's schedules as `train` and `sweep` run them: runSchedule's defaults for every run
 * schedule name beyond the article's (from dist/, made by `npm run build`, which `npm test` runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTICLE_SCHEDULE_NAMES } from '../../lib/schedules';
import { PLATEAU, RUN_SCHEDULE_NAMES, runSchedule } from '../../lib/train/schedule';

const ROOT = join(__dirname, '../..');
const SCRIPT = join(ROOT, 'dist/cli/schedules.js');

describe('npm run schedules', () => {
  it("draws the newer schedules with the run's defaults", () => {
    if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run npm run build first (npm test does).`);
    const dir = mkdtempSync(join(tmpdir(), 'lr-schedules-page-'));
    try {
      const out = join(dir, 'schedules.html');
      const run = spawnSync(
        process.execPath,
        [SCRIPT, '--lr', '0.2', '--epochs', '6', '--samples', '512', '--batch-size', '128', '--out', out],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const figures = [...readFileSync(out, 'utf8').matchAll(/const f = (\{.*?\}); Plotly/g)].map(
        (m) => JSON.parse(m[1]!) as { data: { name: string }[] },
      );
      const newer = RUN_SCHEDULE_NAMES.filter(
        (name) => !(ARTICLE_SCHEDULE_NAMES as readonly string[]).includes(name) && name !== PLATEAU,
      );
      const expected = newer.map((name) =>
        runSchedule(name, { initialLr: 0.2, epochs: 6, iterationsPerEpoch: 4 }).describe(),
      );
      expect(figures).toHaveLength(2);
      expect(figures[1]!.data.map((trace) => trace.name)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
