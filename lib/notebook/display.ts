/**
 * Showing figures in a tslab notebook. Load only inside the tslab kernel: it talks to the kernel through tslab's
 * display API.
 */
import type * as Tslab from 'tslab';
import type { Figure } from '../plots/figure';
import { figureHtml, plotlyLoaderHtml } from './figure-html';
import { fixTslabKernel } from './kernel';

// As soon as a notebook imports the library: outputs leave at once, and the kernel stays busy while cells run.
fixTslabKernel();

let plotlyLoaded = false;

function tslab(): typeof Tslab {
  let module: typeof Tslab;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only inside a tslab kernel
    module = require('tslab') as typeof Tslab;
  } catch {
    throw new Error(
      'The notebook helpers run inside the tslab Jupyter kernel: install the project (npm ci) and choose the TypeScript kernel.',
    );
  }
  return module;
}

/** Loads plotly.js once per kernel session, in an output of its own that later updates do not replace. */
function ensurePlotly(): void {
  if (plotlyLoaded) return;
  tslab().display.html(plotlyLoaderHtml());
  plotlyLoaded = true;
}

/**
 * Shows a figure: interactive where the notebook runs scripts, a static PNG elsewhere.
 *
 * @example
 * show(scheduleFigure(new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 10 }), { length: 30 }));
 * const shown = notebookOutputs().at(-1)!; // (this test's record of what the kernel sent the notebook)
 * assert.match(shown.html, /^<div class="lr-figure" id="lr-figure-\w+"><img /);
 */
export function show(figure: Figure): void {
  ensurePlotly();
  tslab().display.html(figureHtml(figure));
}

/**
 * A figure redrawn in place, e.g. a training curve after each epoch.
 *
 * @example
 * const live = new LiveFigure();
 * const losses = [2.1, 1.6, 1.3];
 * for (let epoch = 1; epoch <= losses.length; epoch++) {
 *   const figure = metricsFigure([{ name: 'loss', values: losses.slice(0, epoch) }], { title: 'Training loss' });
 *   live.update(figure, { final: epoch === losses.length });
 * }
 * const drawn = notebookOutputs().filter((output) => output.id !== undefined); // (what the kernel was sent)
 * assert.equal(drawn.length, 3);
 * assert.equal(new Set(drawn.map((output) => output.id)).size, 1); // one output, redrawn in place
 * assert.deepEqual(drawn.map((output) => output.html.includes('<img')), [false, false, true]); // the PNG at the end
 */
export class LiveFigure {
  private readonly display: Tslab.Display;

  constructor() {
    ensurePlotly();
    this.display = tslab().newDisplay();
  }

  /** Redraws the figure; `final` also embeds the static PNG (skipped in between to keep updates light). */
  update(figure: Figure, { final = false }: { final?: boolean } = {}): void {
    this.display.html(figureHtml(figure, { staticImage: final }));
  }
}

/**
 * A line of text or HTML redrawn in place, e.g. a progress bar.
 *
 * @example
 * const line = new LiveHtml();
 * line.update('<b>epoch 1/2</b>');
 * line.update('<b>epoch 2/2</b>');
 * const drawn = notebookOutputs(); // (what the kernel was sent)
 * assert.deepEqual(drawn.map((output) => [output.html, output.update]), [['<b>epoch 1/2</b>', false], ['<b>epoch 2/2</b>', true]]);
 */
export class LiveHtml {
  private readonly display = tslab().newDisplay();

  update(html: string): void {
    this.display.html(html);
  }
}
