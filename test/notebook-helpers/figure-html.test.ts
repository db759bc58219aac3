import { describe, expect, it } from 'vitest';
import { clock, figureHtml, plotlyLoaderHtml, progressHtml, scheduleFigure, StepDecay } from '../../lib';

describe('figureHtml', () => {
  const figure = scheduleFigure(new StepDecay(), { length: 20 });

  it('holds a static PNG in the plot container and a script that draws the interactive figure over it', () => {
    const html = figureHtml(figure);
    const id = /id="(lr-figure-[0-9a-f]{12})"/.exec(html)![1];
    expect(html).toMatch(new RegExp(`<div class="lr-figure" id="${id}"><img alt="[^"]+" style="max-width:100%" src="data:image/png;base64,`));
    expect(html).toContain(`document.getElementById('${id}')`);
    expect(html).toContain('window.Plotly.newPlot(el, f.data, f.layout');
    expect(html).toContain(JSON.stringify(figure.data[0]!.y));
  });

  it('can leave the PNG out (live updates), and never embeds a raw "<" from the data', () => {
    const html = figureHtml(scheduleFigure(new StepDecay(), { length: 5, title: '<b>x</b>' }), { staticImage: false });
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003cb>x\\u003c/b>');
  });

  it('gives each figure its own container', () => {
    const ids = [figureHtml(figure, { staticImage: false }), figureHtml(figure, { staticImage: false })].map((h) => /id="([^"]+)"/.exec(h)![1]);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('loads plotly.js from the installed package', () => {
    const loader = plotlyLoaderHtml();
    expect(loader).toMatch(/^<script>\/\*\*\n\* plotly\.js v\d/);
    expect(loader).toContain('window.Plotly = Plotly');
  });
});

describe('progress', () => {
  it('draws a progress bar with a caption', () => {
    expect(progressHtml(3, 12, 'epoch 3/12 <a>')).toContain('<progress value="3" max="12"');
    expect(progressHtml(3, 12, 'epoch 3/12 <a>')).toContain(' 25% epoch 3/12 &lt;a&gt;');
    expect(clock(125.4)).toBe('2:05');
  });
});
