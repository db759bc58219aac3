import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Figure } from '../plots/figure';
import { figureToPng } from '../plots/png';
import { escapeHtml, titleLines } from '../plots/escape';
import { parentServerRoot, servedPath } from './jupyter-server';

export interface FigureHtmlOptions {
  /** Embed a static PNG that shows until plotly draws, and wherever scripts do not run (default true). */
  staticImage?: boolean;
}

/** The installed plotly.js bundle, as node looks it up from a notebook's folder. */
const PLOTLY_FILE = 'node_modules/plotly.js-dist-min/plotly.min.js';

/**
 * The HTML of one notebook figure: a `<div>` holding a static PNG of the figure, and a script that replaces it with
 * the interactive plotly figure once plotly.js is there (see `plotlyLoaderHtml`). Viewers that run the output's
 * scripts (JupyterLab and the classic notebook for a trusted notebook, exported HTML) show the interactive figure;
 * the others (GitHub, untrusted notebooks, pages without JavaScript) keep the PNG.
 *
 * @example
 * const figure = scheduleFigure(new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 10 }), { length: 30 });
 * const html = figureHtml(figure);
 * assert.match(html, /<img alt="[^"]*" style="max-width:100%" src="data:image\/png;base64,/); // shown until plotly draws
 * assert.match(html, /Plotly\.newPlot/);
 * assert.doesNotMatch(figureHtml(figure, { staticImage: false }), /<img/);
 */
export function figureHtml(figure: Figure, { staticImage = true }: FigureHtmlOptions = {}): string {
  const id = `lr-figure-${randomBytes(6).toString('hex')}`;
  const png = staticImage ? Buffer.from(figureToPng(figure)).toString('base64') : undefined;
  const img = png
    ? `<img alt="${escapeHtml(titleLines(figure.layout.title.text).join(' — '))}" style="max-width:100%" src="data:image/png;base64,${png}">`
    : '';
  const json = JSON.stringify(figure).replace(/</g, '\\u003c');
  return `<div class="lr-figure" id="${id}">${img}</div>
<script>(function () {
  var el = document.getElementById('${id}');
  var plotly = window.Plotly ? Promise.resolve(window.Plotly) : window.lrPlotly;
  if (!el || !plotly) return;
  var f = ${json};
  plotly.then(function (Plotly) {
    if (!el.isConnected) return;
    el.innerHTML = '';
    Plotly.newPlot(el, f.data, f.layout, { responsive: true, displaylogo: false });
  }, function () {});
})();</script>`;
}

/**
 * The script that gives a notebook's figures plotly.js; a notebook needs it once, in an output before its first
 * figure. Under a Jupyter server that serves the installed plotly.js (`servedFile`, a URL path below the server's
 * base URL: see `servedPlotlyPath`), a few lines that load it from there and set `window.lrPlotly` to a promise of
 * it, so that a saved notebook does not carry a 4.8 MB copy; the page gives the base URL (the classic notebook's
 * `data-base-url`, JupyterLab's and Notebook 7's page config). Elsewhere (nbconvert, whose exported HTML must work
 * offline; editors that run kernels without a server) plotly.js itself, inlined, which defines `window.Plotly`.
 */
export function plotlyLoaderHtml(servedFile: string | undefined = servedPlotlyPath()): string {
  if (servedFile === undefined)
    return `<script>${readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')}</script>`;
  return `<script>(function () {
  if (window.Plotly || window.lrPlotly) return;
  var config = document.getElementById('jupyter-config-data');
  var base = document.body.getAttribute('data-base-url') || (config && JSON.parse(config.textContent).baseUrl);
  var src = (base || '/').replace(/\\/?$/, '/') + ${JSON.stringify(servedFile)};
  window.lrPlotly = new Promise(function (resolve, reject) {
    if (!base) throw new Error('this page is not a Jupyter notebook page, which would serve plotly.js');
    var script = document.createElement('script');
    script.src = src;
    script.onload = function () { resolve(window.Plotly); };
    script.onerror = function () { reject(new Error('the notebook server did not send ' + src)); };
    document.head.appendChild(script);
  });
  window.lrPlotly.catch(function (e) { console.warn('lr-schedules figures stay static images: ' + e.message); });
})();</script>`;
}

/**
 * Where the Jupyter server that started this kernel serves the installed plotly.js (a URL path below its base URL),
 * or undefined when no server started the kernel or the server's root folder does not hold the notebook's
 * node_modules (e.g. `jupyter lab notebooks/`, whose root holds the notebooks but not ../node_modules).
 */
export function servedPlotlyPath(): string | undefined {
  const root = parentServerRoot();
  return root === undefined ? undefined : servedPath(root, process.cwd(), PLOTLY_FILE);
}
