import { readFileSync } from 'node:fs';
import type { Figure } from './figure';
import { escapeHtml } from './escape';

/** A figure with an optional heading and caption for a page. */
export interface PageSection {
  heading?: string;
  caption?: string;
  figure: Figure;
}

/**
 * A self-contained HTML page drawing the figures with plotly.js, which is inlined from the installed
 * `plotly.js-dist-min` so that the page works offline.
 *
 * @example
 * const html = figuresPage('Schedules', [{ heading: 'Step decay', figure: scheduleFigure(new StepDecay(), { length: 50 }) }]);
 * assert.ok(html.includes('<h2>Step decay</h2>'));
 */
export function figuresPage(title: string, sections: PageSection[]): string {
  const plotly = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');
  const body = sections
    .map((s, i) => {
      const heading = s.heading ? `<h2>${escapeHtml(s.heading)}</h2>` : '';
      const caption = s.caption ? `<p>${escapeHtml(s.caption)}</p>` : '';
      const json = JSON.stringify(s.figure).replace(/</g, '\\u003c');
      return `<section>${heading}${caption}<div id="figure-${i}"></div>
<script>{ const f = ${json}; Plotly.newPlot('figure-${i}', f.data, f.layout, { responsive: true }); }</script></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222 }</style>
<script>${plotly}</script></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}
