/**
 * `npm run schedules`: the article's learning-rate schedules, and today's, as a table in the terminal and as
 * interactive figures in output/schedules.html.
 *
 * `npm run schedules -- --help` lists the options and their defaults (`SCHEDULES_COMMAND`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { figuresPage, scheduleFigure } from '../plots';
import { ARTICLE_SCHEDULE_NAMES, articleSchedule, iterationsPerEpoch, type Schedule } from '../schedules';
import { PLATEAU, RUN_SCHEDULE_NAMES, runSchedule } from '../train/schedule';
import { type CommandSpec, numberOption, readCommandLine, runIfMain } from './args';
import { FAILED, OK } from './exit-status';

export const SCHEDULES_COMMAND: CommandSpec = {
  command: 'npm run schedules --',
  summary:
    "Prints the article's schedules as a table of rates per epoch, and draws them, with today's schedules, as interactive figures in an HTML page.",
  options: {
    lr: { value: 'RATE', help: 'The initial rate, > 0', default: '0.1' },
    epochs: { value: 'N', help: 'Epochs, an integer ≥ 1', default: '100' },
    samples: { value: 'N', help: 'Training images per epoch, an integer ≥ 1', default: '50000' },
    'batch-size': { value: 'N', help: 'Images per batch update, an integer ≥ 1', default: '128' },
    out: { value: 'PATH', help: 'The HTML page to write', default: 'output/schedules.html' },
  },
  examples: ['npm run schedules', 'npm run schedules -- --lr 0.01 --epochs 40 --out output/short.html'],
  notes: `Exit status: ${OK} written, ${FAILED} error.`,
};

function main(): void {
  const args = readCommandLine(SCHEDULES_COMMAND);
  if (args === null) return;
  const { values } = args;
  const initialLr = numberOption(values, 'lr', { min: 0, minOpen: true });
  const epochs = numberOption(values, 'epochs', { integer: true, min: 1 });
  const perEpoch = iterationsPerEpoch(
    numberOption(values, 'samples', { integer: true, min: 1 }),
    numberOption(values, 'batch-size', { integer: true, min: 1 }),
  );
  const totalSteps = epochs * perEpoch;

  const article = ARTICLE_SCHEDULE_NAMES.map((name) => [name, articleSchedule(name, { initialLr, epochs })] as const);
  const rateAtEpoch = (s: Schedule, e: number): number => (s.unit === 'epoch' ? s.at(e) : s.at(e * perEpoch));
  const shown = [...new Set([0, 1, 9, 10, 14, 15, Math.floor(epochs / 2), epochs - 1])]
    .filter((e) => e < epochs)
    .sort((a, b) => a - b);
  console.log(
    `The article's schedules: lr ${initialLr}, ${epochs} epochs, ${perEpoch} updates per epoch (rate at each epoch's first update)`,
  );
  console.log(['epoch', ...article.map(([name]) => name)].map((c) => c.padStart(12)).join(''));
  for (const e of shown) {
    console.log(
      [String(e), ...article.map(([, s]) => rateAtEpoch(s, e).toPrecision(4))].map((c) => c.padStart(12)).join(''),
    );
  }

  // Today's schedules as train and sweep run them (their defaults derive from the run), over at most 20 epochs.
  const runEpochs = Math.min(epochs, 20);
  const newer = RUN_SCHEDULE_NAMES.filter(
    (name) => !(ARTICLE_SCHEDULE_NAMES as readonly string[]).includes(name) && name !== PLATEAU,
  );
  const beyond = newer.map((name) => runSchedule(name, { initialLr, epochs: runEpochs, iterationsPerEpoch: perEpoch }));
  const page = figuresPage('Learning-rate schedules', [
    {
      heading: "The article's schedules",
      caption: `Initial rate ${initialLr}, ${epochs} epochs; Keras' standard decay is applied at each of the ${perEpoch} batch updates per epoch (${totalSteps} in all).`,
      figure: scheduleFigure(
        article.map(([, s]) => s),
        { length: epochs, unit: 'epoch', iterationsPerEpoch: perEpoch },
      ),
    },
    {
      heading: 'Beyond the article',
      caption:
        `Today's schedules as \`npm run train -- --schedule NAME\` and the sweeps run them with initial rate ${initialLr} ` +
        `over ${runEpochs} epochs of ${perEpoch} updates: ${newer.join(', ')} (in the legend's order).`,
      figure: scheduleFigure(beyond, { length: runEpochs, unit: 'epoch', iterationsPerEpoch: perEpoch }),
    },
  ]);
  const out = resolve(values.out!); // the option has a default
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, page);
  console.log(`\nFigures: ${out}`);
}

runIfMain(module, main);
