/**
 * Runs one chapter in the classic notebook UI as a person does (Cell → Run All), records what the page shows while
 * it runs, and reads the result. The browser side is plain JavaScript in strings: the project's TypeScript has no
 * DOM types, and the page's `Jupyter` object is untyped anyway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type NotebookServer, waitFor } from './browser-server';

/** A progress caption as the page showed it, `t` seconds after Run All. */
export interface Caption {
  t: number;
  text: string;
}

export interface CellResult {
  /** Position in the notebook (markdown cells counted), and the code's first line. */
  index: number;
  source: string;
  tags: string[];
  executionCount: number | null;
  /** 'ename: evalue' of each error output. */
  errors: string[];
  /** Characters of text the cell's outputs show, plus their images and drawings. */
  outputText: number;
  /** Each `lr-figure` output: drawn by plotly (`interactive`), or still the PNG fallback. */
  figures: { interactive: boolean }[];
  /** Whether the classic notebook put the output in a scroll box (long outputs, unless metadata.scrolled is false). */
  scrolled: boolean;
  /** Every change of the cell's progress-bar captions, as seen in the page. */
  captions: Caption[];
  /** Seconds after Run All at which the cell got its execution count (the kernel's reply); null if it never did. */
  finished: number | null;
  /** Seconds after Run All at which the cell's last output had arrived (the kernel's idle status for it). */
  delivered: number | null;
}

export interface ChapterResult {
  /** From Run All until every code cell had an execution count and the kernel was idle. */
  seconds: number;
  cells: CellResult[];
  /** Uncaught exceptions in the page (e.g. a figure's script) and warnings from the figure loader. */
  pageErrors: string[];
  /** The notebook as the UI saved it after the run (File → Save and Checkpoint). */
  saved: SavedNotebook;
}

export interface SavedNotebook {
  bytes: number;
  /** Figures in the saved notebook reopened in the page (reloaded, same kernel), and how many plotly drew again. */
  reopened: { figures: number; interactive: number };
  /** Whether it carries a copy of plotly.js (which the server can serve instead). */
  embedsPlotly: boolean;
  /** The first lines of the `figure`-tagged cells whose saved outputs lack the static PNG fallback. */
  figuresWithoutPng: string[];
}

/**
 * Installed before Run All: notes each change of a cell's progress captions, when each code cell gets its execution
 * count, and when its outputs are all there ('finished_execute.CodeCell': the kernel's idle status for it arrived).
 */
const RECORDER = `(() => {
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const cells = Jupyter.notebook.get_cells();
  const rec = cells.map(() => ({ captions: [], finished: null, delivered: null }));
  Jupyter.notebook.events.on('finished_execute.CodeCell', (event, data) => {
    const i = cells.indexOf(data.cell);
    if (i >= 0) rec[i].delivered = now();
  });
  const record = (i) => {
    const text = Array.from(cells[i].element[0].querySelectorAll('.output_area progress'))
      .map((p) => p.parentElement.textContent.trim()).join(' | ');
    const last = rec[i].captions[rec[i].captions.length - 1];
    if (text && (!last || last.text !== text)) rec[i].captions.push({ t: now(), text: text });
  };
  new MutationObserver((mutations) => {
    const changed = new Set();
    for (const m of mutations) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      const cell = el && !el.closest('.js-plotly-plot') ? el.closest('.cell') : null;
      if (cell) changed.add(cells.findIndex((c) => c.element[0] === cell));
    }
    changed.forEach((i) => i >= 0 && record(i));
  }).observe(document.getElementById('notebook-container'), { childList: true, subtree: true, characterData: true });
  setInterval(() => cells.forEach((c, i) => {
    if (c.cell_type === 'code' && typeof c.input_prompt_number === 'number' && rec[i].finished === null) rec[i].finished = now();
  }), 100);
  window.lrCheck = { rec: rec, now: now };
})()`;

const KERNEL_IDLE = `document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null`;

/**
 * Whether the run is over: no cell waits ('*'), every cell that ran has all its outputs, and the kernel shows idle.
 * The indicator alone is not enough: it can show idle between two cells, and outputs can trail a cell's reply.
 */
const SETTLED = `Jupyter.notebook.get_cells().every((c, i) => c.cell_type !== 'code' || c.input_prompt_number !== '*'
  && (typeof c.input_prompt_number !== 'number' || lrCheck.rec[i].delivered !== null)) && ${KERNEL_IDLE}`;

const FIGURES_DRAWN = `Array.from(document.querySelectorAll('.lr-figure')).every((f) => f.querySelector('.plot-container'))`;

const RESULTS = `Jupyter.notebook.get_cells().map((c, i) => c.cell_type !== 'code' ? null : {
  index: i,
  source: c.get_text().split('\\n')[0].slice(0, 100),
  tags: c.metadata.tags || [],
  executionCount: typeof c.input_prompt_number === 'number' ? c.input_prompt_number : null,
  errors: c.output_area.outputs.filter((o) => o.output_type === 'error').map((o) => o.ename + ': ' + o.evalue),
  outputText: c.output_area.element[0].innerText.trim().length + c.output_area.element[0].querySelectorAll('img, svg').length,
  figures: Array.from(c.element[0].querySelectorAll('.lr-figure')).map((f) => ({
    interactive: f.classList.contains('js-plotly-plot') && f.querySelector('.plot-container .main-svg') !== null,
  })),
  scrolled: c.output_area.element.hasClass('output_scroll'),
  captions: window.lrCheck.rec[i].captions,
  finished: window.lrCheck.rec[i].finished,
  delivered: window.lrCheck.rec[i].delivered,
}).filter((c) => c !== null)`;

/** The notebook page scrolls inside #site: let it grow to its content so that a full-page screenshot holds it all. */
const UNFOLD = `html, body, #site { height: auto !important; overflow: visible !important; }
#header { position: static !important; }`;

/**
 * Opens `file` (in the server's notebooks/), waits for its kernel, runs Cell → Run All from the menu, waits until the
 * kernel is idle and every cell has run and delivered its outputs (at most `timeoutMs`), saves it from the File menu,
 * takes a full-page screenshot into `screenshot` (also when the run does not end in time), and reloads the page to
 * see the saved notebook draw its figures again.
 */
export async function runChapter(page: Page, server: NotebookServer, file: string, screenshot: string, timeoutMs: number): Promise<ChapterResult> {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.text().startsWith('lr-schedules')) pageErrors.push(message.text());
  });
  await page.goto(server.url(`notebooks/notebooks/${file}`));
  await page.waitForFunction(
    `window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() && ${KERNEL_IDLE}`,
    undefined,
    { timeout: 60_000, polling: 250 },
  );
  const shoot = async () => {
    await page.addStyleTag({ content: UNFOLD });
    await page.screenshot({ path: screenshot, fullPage: true });
  };
  await page.evaluate(RECORDER);
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  await waitFor(() => page.evaluate<boolean>(SETTLED), timeoutMs).catch(async (error: unknown) => {
    await shoot();
    throw error;
  });
  const seconds = await page.evaluate<number>('lrCheck.now()');
  await waitFor(() => page.evaluate<boolean>(FIGURES_DRAWN), 20_000).catch(() => undefined);
  const cells = await page.evaluate<CellResult[]>(RESULTS);

  await page.click('#filelink');
  await page.click('#save_checkpoint > a');
  await page.waitForFunction('Jupyter.notebook.dirty === false', undefined, { timeout: 30_000 });
  const saved = readSaved(join(server.root, 'notebooks', file));

  await shoot();

  await page.reload();
  await page.waitForFunction('window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded', undefined, { timeout: 60_000 });
  await waitFor(() => page.evaluate<boolean>(FIGURES_DRAWN), 20_000).catch(() => undefined);
  const reopened = await page.evaluate<SavedNotebook['reopened']>(
    `({ figures: document.querySelectorAll('.lr-figure').length, interactive: document.querySelectorAll('.lr-figure .plot-container').length })`,
  );
  return { seconds, cells, pageErrors, saved: { ...saved, reopened } };
}

interface SavedCell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: { data?: Record<string, string | string[]> }[];
}

function readSaved(path: string): Omit<SavedNotebook, 'reopened'> {
  const text = readFileSync(path, 'utf8');
  const join1 = (s: string | string[] | undefined): string => [s ?? ''].flat().join('');
  const figuresWithoutPng = (JSON.parse(text) as { cells: SavedCell[] }).cells
    .filter((c) => c.cell_type === 'code' && c.metadata.tags?.includes('figure'))
    .filter((c) => !/class="lr-figure"[^>]*><img [^>]*src="data:image\/png;base64,[A-Za-z0-9+/]{1000,}/.test((c.outputs ?? []).map((o) => join1(o.data?.['text/html'])).join('')))
    .map((c) => join1(c.source).split('\n')[0]!);
  return { bytes: Buffer.byteLength(text), embedsPlotly: text.includes('window.Plotly = Plotly'), figuresWithoutPng };
}

export interface LiveUpdates {
  /** Caption changes the page showed while the cell was still running (after the first caption). */
  changes: number;
  /** The longest time the captions stood still while the cell ran, the caption then shown, and when. */
  stall: { seconds: number; caption: string; at: number };
}

/**
 * How live a cell's progress bar was: the changes seen before the cell finished (got its execution count), and the
 * longest stretch without one between the first caption and the end of the cell. Updates that leave the kernel late
 * show as a long stall, as changes only after the cell finished (see `trailingSeconds`), or both.
 */
export function liveUpdates(cell: CellResult): LiveUpdates | undefined {
  if (!cell.captions.length || cell.finished === null) return undefined;
  const end = cell.finished;
  const during = cell.captions.filter((c) => c.t <= end);
  const marks = [...during, { t: end, text: '(cell finished)' }];
  let stall = { seconds: 0, caption: marks[0]!.text, at: marks[0]!.t };
  for (let i = 1; i < marks.length; i++) {
    const gap = marks[i]!.t - marks[i - 1]!.t;
    if (gap > stall.seconds) stall = { seconds: gap, caption: marks[i - 1]!.text, at: marks[i - 1]!.t };
  }
  return { changes: Math.max(0, during.length - 1), stall };
}

/** How long a cell's outputs kept arriving after its reply (0 for a cell that did not run). */
export function trailingSeconds(cell: CellResult): number {
  return cell.finished === null || cell.delivered === null ? 0 : Math.max(0, cell.delivered - cell.finished);
}
