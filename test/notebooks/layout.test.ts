/**
 * What every chapter and solution notebook must look like on a projector and to a learner, checked on the committed
 * files (no kernel needed): code lines fit, the chapter layout is there, and each chapter links a solutions notebook
 * that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const CHAPTERS = readdirSync(join(ROOT, 'notebooks')).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
const SOLUTIONS = readdirSync(join(ROOT, 'notebooks/solutions')).filter((f) => f.endsWith('.ipynb')).sort();
/** The longest code line a projector shows whole in the classic notebook at its default width. */
const MAX_LINE = 100;

interface Cell {
  cell_type: string;
  source: string | string[];
}
const cells = (path: string): Cell[] => (JSON.parse(readFileSync(path, 'utf8')) as { cells: Cell[] }).cells;
const text = (cell: Cell): string => [cell.source].flat().join('');

describe.each([
  ...CHAPTERS.map((f) => ['notebooks', f] as const),
  ...SOLUTIONS.map((f) => ['notebooks/solutions', f] as const),
])('%s/%s', (dir, file) => {
  it(`has no code line over ${MAX_LINE} characters`, () => {
    const long = cells(join(ROOT, dir, file))
      .filter((c) => c.cell_type === 'code')
      .flatMap((c) => text(c).split('\n'))
      .filter((line) => [...line].length > MAX_LINE);
    expect(long).toEqual([]);
  });
});

describe.each(CHAPTERS)('chapter %s', (file) => {
  const all = cells(join(ROOT, 'notebooks', file));
  const markdown = all.filter((c) => c.cell_type === 'markdown').map(text);

  it('opens with what the learner will be able to do and how long it runs', () => {
    expect(markdown[0]).toMatch(/^# \d\. /);
    expect(markdown[0]).toMatch(/\*\*You will be able to:?\*\*/);
    expect(markdown[0]).toMatch(/\*\*Run time:?\*\*/);
  });

  it('ends with a summary, then exercises that link their worked solutions', () => {
    const summary = markdown.findIndex((m) => /^## Summary/m.test(m));
    const exercises = markdown.findIndex((m) => /^## Exercises/m.test(m));
    expect(summary).toBeGreaterThan(0);
    expect(exercises).toBeGreaterThanOrEqual(summary);
    const link = markdown.slice(exercises).join('\n').match(/\]\((solutions\/[^)]+\.ipynb)\)/);
    expect(link?.[1]).toBe(`solutions/${file}`);
    expect(existsSync(join(ROOT, 'notebooks', link![1]!))).toBe(true);
  });
});

it('every solutions notebook belongs to a chapter', () => {
  expect(SOLUTIONS.filter((f) => !CHAPTERS.includes(f))).toEqual([]);
});
