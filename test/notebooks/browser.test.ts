/**
 * The chapters in a real notebook front end: Debian's classic notebook server with the tslab kernel, driven in
 * Debian's chromium through playwright-core. For each chapter: Cell → Run All, then no error output, every
 * `figure`-tagged cell drawn by plotly (not left as its PNG fallback), progress bars that move while their cell
 * runs, and a full-page screenshot in output/browser/.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChapterResult, liveUpdates, runChapter } from './browser-chapter';
import { browserCheckProblem, CHROMIUM, type NotebookServer, startNotebookServer } from './browser-server';

const ROOT = join(__dirname, '../..');
const SCREENSHOTS = join(ROOT, 'output/browser');
const NOTEBOOKS = readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb') && !f.startsWith('.')).sort();
/** A progress bar that shows nothing new for longer than this while its cell runs, or whose updates keep arriving
 * this long after the cell finished, is not live. */
const MAX_STALL_SECONDS = 10;

const problem = browserCheckProblem();
if (problem && process.env['CI']) throw new Error(problem);
if (problem) console.warn(`Skipping the browser check of the notebooks: ${problem}`);

describe.skipIf(problem !== undefined)('the chapters in the classic notebook UI (chromium)', () => {
  let server: NotebookServer;
  let browser: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The chapters' short settings (chapters 5 and 7 train for seconds instead of minutes), as in notebooks.test.ts.
    server = await startNotebookServer(ROOT, { NOTEBOOK_FAST: '1' });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
  }, 60_000);

  it.each(NOTEBOOKS)('%s: Run All shows no error, interactive figures and live progress', async (file) => {
    const page = await browser.newPage();
    let result: ChapterResult;
    try {
      result = await runChapter(page, server, file, join(SCREENSHOTS, file.replace(/\.ipynb$/, '.png')), 420_000);
    } finally {
      await page.close();
      await server.shutdownKernels();
    }
    const lines = [`${file}: ran in ${result.seconds.toFixed(0)} s, saved ${(result.saved.bytes / 1e6).toFixed(2)} MB`];
    for (const cell of result.cells) {
      const live = liveUpdates(cell);
      const trailing = (cell.delivered ?? 0) - (cell.finished ?? 0);
      const what = live ? `${live.changes} progress changes while running, longest stall ${live.stall.seconds.toFixed(1)} s, ` : '';
      if (live || trailing > 1) lines.push(`  cell ${cell.index} (${cell.source.slice(0, 50)}): ${what}outputs trailed the reply by ${trailing.toFixed(1)} s`);
    }
    console.log(lines.join('\n'));

    expect(result.pageErrors, 'errors in the page').toEqual([]);
    // Saved under a server that serves plotly.js: no copy of it, and each figure keeps its PNG for viewers without scripts.
    expect(result.saved.embedsPlotly, 'the saved notebook carries plotly.js').toBe(false);
    expect(result.saved.figuresWithoutPng, 'figures saved without their PNG').toEqual([]);
    for (const cell of result.cells) {
      const where = `cell ${cell.index}: ${cell.source}`;
      expect(cell.executionCount, `${where} has no execution count`).not.toBeNull();
      expect(cell.errors, where).toEqual([]);
      if (cell.tags.includes('figure')) {
        expect(cell.figures.length, `${where} shows no figure`).toBeGreaterThan(0);
        expect(cell.figures.filter((f) => !f.interactive).length, `${where}: figures left as static images`).toBe(0);
        expect(cell.scrolled, `${where}: its figures are squeezed into a scroll box (cell metadata "scrolled": false)`).toBe(false);
      }
      const live = liveUpdates(cell);
      if (live) {
        expect(live.changes, `${where}: the progress bar did not move while the cell ran`).toBeGreaterThanOrEqual(2);
        const { seconds, caption, at } = live.stall;
        expect(seconds, `${where}: the progress bar stood still ${seconds.toFixed(0)} s from ${at.toFixed(0)} s at "${caption}"`).toBeLessThanOrEqual(MAX_STALL_SECONDS);
        expect(live.trailing, `${where}: its updates kept arriving ${live.trailing.toFixed(0)} s after the cell finished`).toBeLessThanOrEqual(MAX_STALL_SECONDS);
      }
    }
  }, 480_000);
});
