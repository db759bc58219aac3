import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Figure } from '../plots/figure';
import { figureToPng } from '../plots/png';
import { escapeHtml } from '../plots/escape';

export interface FigureHtmlOptions {
  /** Embed a static PNG that shows until plotly draws, and wherever scripts do not run (default true). */
  staticImage?: boolean;
}

/**
 * The HTML of one notebook figure: a `<div>` holding a static PNG of the figure, and a script that replaces it with
 * the interactive plotly figure. Viewers that run the output's scripts (JupyterLab and the classic notebook for a
 * trusted notebook, exported HTML) show the interactive figure; the others (GitHub, untrusted notebooks, pages
 * without JavaScript) keep the PNG.
 */
export function figureHtml(figure: Figure, { staticImage = true }: FigureHtmlOptions = {}): string {
  const id = `lr-figure-${randomBytes(6).toString('hex')}`;
  const png = staticImage ? Buffer.from(figureToPng(figure)).toString('base64') : undefined;
  const img = png ? `<img alt="${escapeHtml(stripTags(figure.layout.title.text))}" style="max-width:100%" src="data:image/png;base64,${png}">` : '';
  const json = JSON.stringify(figure).replace(/</g, '\\u003c');
  return `<div class="lr-figure" id="${id}">${img}</div>
<script>(function () {
  var el = document.getElementById('${id}');
  if (!el || !window.Plotly) return;
  var f = ${json};
  el.innerHTML = '';
  window.Plotly.newPlot(el, f.data, f.layout, { responsive: true, displaylogo: false });
})();</script>`;
}

/**
 * A script that defines `window.Plotly` from the installed plotly.js-dist-min, inlined so that figures work
 * offline. A notebook needs it once, in an output before its first figure.
 */
export function plotlyLoaderHtml(): string {
  return `<script>${readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')}</script>`;
}

function stripTags(html: string): string {
  return html.replace(/<br\s*\/?>/gi, ' — ').replace(/<[^>]+>/g, '');
}
