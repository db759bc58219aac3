/**
 * The package's entry points load only what their concern needs: each is required in a fresh Node process (from
 * dist/, made by `npm run build`, which `npm test` runs) and the process lists the packages it loaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const exportsMap = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
).exports;

/** The npm packages (by name) that requiring `file` loads, in a fresh process. */
function packagesLoadedBy(file: string): string[] {
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm test does).`);
  const script = `
    require(${JSON.stringify(file)});
    const names = Object.keys(require.cache)
      .filter((p) => p.includes('/node_modules/'))
      .map((p) => p.slice(p.lastIndexOf('/node_modules/') + 14).split('/'))
      .map((parts) => (parts[0].startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/'));
    console.log(JSON.stringify([...new Set(names)].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as string[];
}

const entry = (subpath: string): string => join(ROOT, 'dist', subpath, 'index.js');

describe('entry points', () => {
  it('the schedules load no package at all', () => {
    expect(packagesLoadedBy(entry('schedules'))).toEqual([]);
  });

  it('the tfjs glue loads tfjs-core and tfjs-layers only: no backend, no native renderer', () => {
    expect(packagesLoadedBy(entry('tfjs'))).toEqual(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']);
  });

  it('every subpath export names a built module and its declarations', () => {
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (subpath === './package.json') continue;
      const { types, default: main } = target as { types: string; default: string };
      expect(existsSync(join(ROOT, main)), main).toBe(true);
      expect(existsSync(join(ROOT, types)), types).toBe(true);
    }
  });
});
