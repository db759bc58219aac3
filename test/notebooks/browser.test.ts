/**
 * The chapters in a real notebook front end: Debian's classic notebook server with the tslab kernel, driven in
 * Debian's chromium through playwright-core, as a person does. For each chapter, Cell → Run All, then: every code
 * cell ran and shows no error; every `figure`-tagged cell is drawn by plotly (not left as its PNG fallback) and not
 * squeezed into a scroll box; every `output`-tagged cell shows something; progress bars move while their cell runs
 * and their updates do not trail it; the notebook saved from the File menu keeps each figure's PNG, carries no copy
 * of plotly.js, and draws its figures again when reopened. A full-page screenshot of each chapter goes to
 * output/browser/.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChapterResult, liveUpdates, runChapter, trailingSeconds } from './browser-chapter';
import { browserCheckProblem, CHROMIUM, type NotebookServer, startNotebookServer } from './browser-server';

const ROOT = join(__dirname, '../..');
const SCREENSHOTS = join(ROOT, 'output/browser');
const NOTEBOOKS = readdirSync(join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb') && !f.startsWith('.')).sort();
/** Seconds: a progress bar that shows nothing new this long while its cell runs is not live (generous: a loaded CI
 * machine can legitimately pause a short epoch's updates for a while). */
const MAX_STALL_SECONDS = 60;
/** Seconds: updates that keep arriving this long after their cell finished were held back by the kernel's send path
 * (outputs leave in order, before the cell's idle status, however loaded the machine). */
const MAX_TRAILING_SECONDS = 10;

/** Run All of one chapter, NOTEBOOK_FAST=1. */
const CHAPTER_TIMEOUT_MS = 600_000;

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

  // One chapter at a time: two at once on this 2-core machine slowed chapter 7, whose CIFAR-10 cells run the wasm
  // backend on two threads, from 89 s alone to over 420 s beside chapter 8.
  it.each(NOTEBOOKS)('%s: Run All shows no error, interactive figures and live progress', async (file) => {
    const page = await browser.newPage();
    let result: ChapterResult;
    try {
      result = await runChapter(page, server, file, join(SCREENSHOTS, file.replace(/\.ipynb$/, '.png')), CHAPTER_TIMEOUT_MS);
    } finally {
      const kernel = await page.evaluate<string>('Jupyter.notebook.kernel.id').catch(() => undefined);
      await page.close();
      if (kernel) await server.shutdownKernel(kernel);
    }
    console.log(summary(file, result));
    expect(problems(result)).toEqual([]);
  }, CHAPTER_TIMEOUT_MS + 60_000);
});

/** The run time, the saved size, and for each cell with a progress bar or late outputs how live they were. */
function summary(file: string, result: ChapterResult): string {
  const { bytes, reopened } = result.saved;
  const lines = [`${file}: ran in ${result.seconds.toFixed(0)} s, saved ${(bytes / 1e6).toFixed(2)} MB, reopened: ${reopened.interactive}/${reopened.figures} figures drawn`];
  for (const cell of result.cells) {
    const live = liveUpdates(cell);
    const trailing = trailingSeconds(cell);
    const progress = live ? `${live.changes} progress changes while running, longest stall ${live.stall.seconds.toFixed(1)} s, ` : '';
    if (live || trailing > 1) lines.push(`  cell ${cell.index} (${cell.source.slice(0, 50)}): ${progress}outputs trailed the reply by ${trailing.toFixed(1)} s`);
  }
  return lines.join('\n');
}

/** Everything wrong with the chapter's run, each problem once, so that a failure lists them all. */
function problems(result: ChapterResult): string[] {
  const found = [...result.pageErrors.map((e) => `error in the page: ${e}`)];
  // Saved under a server that serves plotly.js: no copy of it, and each figure keeps its PNG for viewers without scripts.
  if (result.saved.embedsPlotly) found.push('the saved notebook carries a copy of plotly.js');
  found.push(...result.saved.figuresWithoutPng.map((source) => `saved without its static PNG: ${source}`));
  const { figures, interactive } = result.saved.reopened;
  if (interactive < figures) found.push(`the saved notebook reopened: ${figures - interactive} of ${figures} figures stayed static images`);
  for (const cell of result.cells) {
    const where = `cell ${cell.index} (${cell.source})`;
    if (cell.executionCount === null) found.push(`${where} did not run`);
    found.push(...cell.errors.map((e) => `${where} shows an error: ${e}`));
    if (cell.tags.includes('figure')) {
      if (!cell.figures.length) found.push(`${where} shows no figure`);
      const flat = cell.figures.filter((f) => !f.interactive).length;
      if (flat) found.push(`${where}: ${flat} of ${cell.figures.length} figures left as static images`);
      if (cell.scrolled) found.push(`${where}: its figures are squeezed into a scroll box (cell metadata "scrolled": false keeps them whole)`);
    }
    if (cell.tags.includes('output') && cell.outputText === 0) found.push(`${where} shows no output`);
    const live = liveUpdates(cell);
    if (live && live.changes < 2) found.push(`${where}: the progress bar changed ${live.changes} times while the cell ran`);
    if (live && live.stall.seconds > MAX_STALL_SECONDS) {
      const { seconds, caption, at } = live.stall;
      found.push(`${where}: the progress bar stood still ${seconds.toFixed(0)} s from ${at.toFixed(0)} s after Run All at "${caption}"`);
    }
    const trailing = trailingSeconds(cell);
    if (live && trailing > MAX_TRAILING_SECONDS) found.push(`${where}: its updates kept arriving ${trailing.toFixed(0)} s after the cell finished`);
  }
  return found;
}
