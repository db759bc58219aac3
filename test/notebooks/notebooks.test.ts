import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeNotebook, jupyterProblem } from '../../lib/notebook/execute-notebook';
import { browserCheckProblem } from './browser-server';

const ROOT = join(__dirname, '../..');
/** The notebooks of a folder under notebooks/, as paths relative to notebooks/. */
const notebooksIn = (folder: string): string[] =>
  readdirSync(join(ROOT, 'notebooks', folder))
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort()
    .map((f) => join(folder, f));
const CHAPTERS = notebooksIn('.');
const SOLUTIONS = notebooksIn('solutions');
// Where the browser check can run (browser.test.ts), it executes the chapters in the real notebook UI and checks
// what this test checks of them (errors, figures with their PNG, outputs); executing them here too would double the
// suite's longest part. Elsewhere this test executes them. The worked solutions (notebooks/solutions/, importing
// '../../dist') are executed here either way.
const chaptersInBrowser = browserCheckProblem() === undefined;
const EXECUTED = [...(chaptersInBrowser ? [] : CHAPTERS), ...SOLUTIONS];

interface Output {
  output_type: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

const read = (path: string): { cells: Cell[] } => JSON.parse(readFileSync(path, 'utf8'));
const join1 = (s: string | string[] | undefined): string => [s ?? ''].flat().join('');

describe('notebooks are committed clean', () => {
  it.each([...CHAPTERS, ...SOLUTIONS])('%s has no outputs or execution counts', (file) => {
    for (const cell of read(join(ROOT, 'notebooks', file)).cells.filter((c) => c.cell_type === 'code')) {
      expect(cell.outputs, join1(cell.source).slice(0, 80)).toEqual([]);
      expect(cell.execution_count ?? null).toBeNull();
    }
  });
});

// The chapters' CIFAR-10 parts (chapter 5's live run, chapter 7's finder and CyclicLR runs) train on fewer images
// and updates: seconds instead of minutes.
process.env['NOTEBOOK_FAST'] = '1';

const problem = jupyterProblem();
if (problem && process.env['CI']) throw new Error(problem);

describe.skipIf(problem !== undefined)('notebooks execute through the tslab kernel', () => {
  const out = mkdtempSync(join(tmpdir(), 'notebooks-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(EXECUTED)('%s runs without errors and shows its figures and outputs', async (file) => {
    const executed = read(executeNotebook(join(ROOT, 'notebooks', file), out, { timeoutSeconds: 600 }));
    const code = executed.cells.filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThan(0);
    for (const cell of code) {
      const source = join1(cell.source).split('\n')[0];
      const outputs = cell.outputs ?? [];
      const errors = outputs.filter((o) => o.output_type === 'error');
      expect(errors.map((e) => `${e.ename}: ${e.evalue}`), source).toEqual([]);
      const html = outputs.map((o) => join1(o.data?.['text/html'])).join('');
      if (cell.metadata.tags?.includes('figure')) {
        // A figure: a plotly container holding the static PNG fallback.
        expect(html, `figure in: ${source}`).toMatch(/class="lr-figure"[^>]*><img [^>]*src="data:image\/png;base64,[A-Za-z0-9+/]{1000,}/);
      }
      if (cell.metadata.tags?.includes('output')) {
        const text = outputs.map((o) => join1(o.text) + html + join1(o.data?.['text/plain'])).join('').trim();
        expect(text.length, `output of: ${source}`).toBeGreaterThan(0);
      }
    }
  }, 900_000);
});
