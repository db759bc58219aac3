/**
 * `npm run schedules`: the article's learning-rate schedules, and today's, as a table in the terminal and as
 * interactive figures in output/schedules.html.
 *
 *   npm run schedules -- [--lr 0.1] [--epochs 100] [--samples 50000] [--batch-size 128] [--out output/schedules.html]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { figuresPage, scheduleFigure } from '../plots';
import {
  ARTICLE_SCHEDULE_NAMES, articleSchedule, CosineDecay, CosineRestarts, CyclicLR, iterationsPerEpoch, OneCycle,
  type Schedule, Warmup,
} from '../schedules';

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} must be a number > 0 (got '${text}').`);
  return value;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      lr: { type: 'string', default: '0.1' },
      epochs: { type: 'string', default: '100' },
      samples: { type: 'string', default: '50000' },
      'batch-size': { type: 'string', default: '128' },
      out: { type: 'string', default: 'output/schedules.html' },
    },
  });
  const initialLr = positive('lr', values.lr);
  const epochs = positive('epochs', values.epochs);
  const perEpoch = iterationsPerEpoch(positive('samples', values.samples), positive('batch-size', values['batch-size']));
  const totalSteps = epochs * perEpoch;

  const article = ARTICLE_SCHEDULE_NAMES.map((name) => [name, articleSchedule(name, { initialLr, epochs })] as const);
  const rateAtEpoch = (s: Schedule, e: number): number => (s.unit === 'epoch' ? s.at(e) : s.at(e * perEpoch));
  const shown = [...new Set([0, 1, 9, 10, 14, 15, Math.floor(epochs / 2), epochs - 1])].filter((e) => e < epochs).sort((a, b) => a - b);
  console.log(`The article's schedules: lr ${initialLr}, ${epochs} epochs, ${perEpoch} updates per epoch (rate at each epoch's first update)`);
  console.log(['epoch', ...article.map(([name]) => name)].map((c) => c.padStart(12)).join(''));
  for (const e of shown) {
    console.log([String(e), ...article.map(([, s]) => rateAtEpoch(s, e).toPrecision(4))].map((c) => c.padStart(12)).join(''));
  }

  const cycleEpochs = Math.min(epochs, 20);
  const steps = cycleEpochs * perEpoch;
  const beyond: Schedule[] = [
    new CosineDecay({ initialLr: 0, decaySteps: steps - perEpoch, warmupSteps: perEpoch, warmupTarget: initialLr }),
    new CosineRestarts({ initialLr, firstDecaySteps: 2 * perEpoch, tMul: 2 }),
    new CyclicLR({ baseLr: initialLr / 10, maxLr: initialLr, stepSize: 2 * perEpoch, mode: 'triangular2' }),
    new OneCycle({ maxLr: initialLr, totalSteps: steps }),
    new Warmup({ schedule: articleSchedule('step', { initialLr, epochs }), warmupSteps: 2 }),
  ];
  const page = figuresPage('Learning-rate schedules', [
    {
      heading: "The article's schedules",
      caption: `Initial rate ${initialLr}, ${epochs} epochs; Keras' standard decay is applied at each of the ${perEpoch} batch updates per epoch (${totalSteps} in all).`,
      figure: scheduleFigure(article.map(([, s]) => s), { length: epochs, unit: 'epoch', iterationsPerEpoch: perEpoch }),
    },
    {
      heading: 'Beyond the article',
      caption: `Warmup + cosine, warm restarts, cyclical rates and one-cycle over ${cycleEpochs} epochs of ${perEpoch} updates, and a 2-epoch warmup in front of step decay.`,
      figure: scheduleFigure(beyond, { length: cycleEpochs, unit: 'epoch', iterationsPerEpoch: perEpoch }),
    },
  ]);
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, page);
  console.log(`\nFigures: ${out}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
