import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figureHtml, scheduleFigure, StepDecay } from '../../lib';
import { plotlyLoaderHtml } from '../../lib/notebook/figure-html';
import { clock, progressHtml } from '../../lib/notebook/progress';

describe('figureHtml', () => {
  const figure = scheduleFigure(new StepDecay(), { length: 20 });

  it('holds a static PNG in the plot container and a script that draws the interactive figure over it', () => {
    const html = figureHtml(figure);
    const id = /id="(lr-figure-[0-9a-f]{12})"/.exec(html)![1];
    expect(html).toMatch(
      new RegExp(
        `<div class="lr-figure" id="${id}"><img alt="[^"]+" style="max-width:100%" src="data:image/png;base64,`,
      ),
    );
    expect(html).toContain(`document.getElementById('${id}')`);
    expect(html).toContain('Plotly.newPlot(el, f.data, f.layout');
    expect(html).toContain(JSON.stringify(figure.data[0]!.y));
  });

  it('can leave the PNG out (live updates), and never embeds a raw "<" from the data', () => {
    const html = figureHtml(scheduleFigure(new StepDecay(), { length: 5, title: '<b>x</b>' }), { staticImage: false });
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003cb>x\\u003c/b>');
  });

  it('gives each figure its own container', () => {
    const ids = [figureHtml(figure, { staticImage: false }), figureHtml(figure, { staticImage: false })].map(
      (h) => /id="([^"]+)"/.exec(h)![1],
    );
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('draws once plotly.js is there: defined, or promised by the loader', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(figureHtml(figure, { staticImage: false }))![1]!;
    expect(script).toContain('var plotly = window.Plotly ? Promise.resolve(window.Plotly) : window.lrPlotly;');
    expect(script).toContain('plotly.then(function (Plotly) {');
  });
});

describe('plotlyLoaderHtml', () => {
  const bundle = readFileSync(require.resolve('plotly.js-dist-min'), 'utf8');

  it('inlines the installed plotly.js where no Jupyter server serves it', () => {
    const loader = plotlyLoaderHtml(undefined);
    expect(loader).toBe(`<script>${bundle}</script>`);
    expect(loader).toContain('window.Plotly = Plotly');
  });

  it('under a server that serves it, loads it from the base URL of the server in a few hundred bytes', () => {
    const loader = plotlyLoaderHtml('files/node_modules/plotly.js-dist-min/plotly.min.js');
    expect(loader.length).toBeLessThan(1500);
    expect(loader).not.toContain(bundle.slice(0, 200));
    expect(loader).toContain(`+ "files/node_modules/plotly.js-dist-min/plotly.min.js"`);
    expect(loader).toContain(`document.body.getAttribute('data-base-url')`);
    expect(loader).toContain(`document.getElementById('jupyter-config-data')`);
    expect(loader).toContain('window.lrPlotly = new Promise(');
  });
});

describe('progress', () => {
  it('draws a progress bar with a caption', () => {
    expect(progressHtml(3, 12, 'epoch 3/12 <a>')).toContain('<progress value="3" max="12"');
    expect(progressHtml(3, 12, 'epoch 3/12 <a>')).toContain(' 25% epoch 3/12 &lt;a&gt;');
    expect(clock(125.4)).toBe('2:05');
    expect(clock(42)).toBe('0:42');
    expect(clock(3725)).toBe('1:02:05');
  });
});
