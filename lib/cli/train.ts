/**
 * `npm run train`: one run of the article's CIFAR-10 experiment, as its train.py, resumable.
 *
 *   npm run train -- --schedule none|standard|step|linear|poly|exponential|piecewise|cosine|restarts|onecycle|clr-triangular|clr-triangular2|clr-exp-range|warmup|'{"className": …, "config": {…}}'
 *     [--epochs 100] [--lr 0.1] [--batch-size 128] [--model article|small|tiny|shallow|'{"stages": […], "filters": […]}']
 *     [--subset N] [--test-subset N] [--seed 0] [--data data/cifar-10-batches-bin] [--backend wasm|cpu|tensorflow]
 *     [--out output/train/<schedule>] [--lr-plot PATH.png] [--train-plot PATH.png]
 *
 * --model takes a preset or, as JSON, any shape of the article's ResNet family: "stages" lists the residual modules
 * of each stage (integers ≥ 1), "filters" the first convolution's filters (≥ 1) then each stage's (≥ 4), one more
 * entry than "stages"; each stage after the first halves the image, so CIFAR-10 takes at most 3 stages. The presets
 * are such shapes: shallow is '{"stages": [2], "filters": [16, 32]}', tiny '{"stages": [2, 2, 2], "filters":
 * [16, 16, 32, 64]}'.
 *
 * The run folder (--out) holds its configuration, a checkpoint after every epoch and, at the end, result.json,
 * history.json and report.txt (the test set's classification report). Running the same command again continues
 * from the last finished epoch; a folder of another configuration is refused. A batch loss that is not finite or
 * above 10 × ln(classes) (10 times the loss of a uniform guess, where training starts) stops the run as diverged.
 *
 * Ctrl-C stops the run after the current batch, keeps the last finished epoch's checkpoint (the partial epoch is
 * dropped) and prints where it stopped and the command that resumes it; a second Ctrl-C ends it at once, with the
 * same checkpoint.
 *
 * Exit status: 0 finished, 1 error (bad data, bad options, another configuration in --out), 3 diverged, 130
 * interrupted. When started by `npm run sweep` (with an IPC channel), progress events also go to the parent, and
 * the run stops as on Ctrl-C if the parent goes away.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend';
import { CIFAR10_DEFAULT_DIR } from '../data/cifar10';
import { RESNET_ARTICLE_SHAPE_RULE } from '../models';
import { figureToPng, metricsFigure, trainingFigure } from '../plots';
import type { ScheduleConfig } from '../schedules';
import {
  batchLine, epochLine, formatClassificationReport, type RunConfig, type RunEvent, runExperiment, type RunOutcome, scheduleLabel,
  TrainingDivergedError, validateRunConfig, writeFileAtomic,
} from '../train';
import { INTERRUPTED, onSigint, resumeCommand, StopPoint } from './interrupt';

/** Exit status of a diverged run. */
const DIVERGED = 3;

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new RangeError(`--${name} must be an integer (got '${text}').`);
  return value;
}

/** The option's value: a name, or the JSON object it spells when it starts with `{`; `hint` ends the JSON error. */
function nameOrJson<T>(option: string, text: string, hint = ''): string | T {
  if (!text.trim().startsWith('{')) return text;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new RangeError(`--${option} is neither a name nor valid JSON (${(err as Error).message}).${hint}`);
  }
}

/** The run configuration from the command line. */
function configOf(values: Record<string, string | undefined>): RunConfig {
  const number = (name: string): number | undefined => (values[name] === undefined ? undefined : Number(values[name]));
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return validateRunConfig({
    schedule: nameOrJson<ScheduleConfig>('schedule', values.schedule ?? 'none'),
    ...defined({
      epochs: integer('epochs', values.epochs),
      initialLr: number('lr'),
      batchSize: integer('batch-size', values['batch-size']),
      model: values.model === undefined ? undefined
        : nameOrJson<RunConfig['model']>('model', values.model, ` A preset is a name; ${RESNET_ARTICLE_SHAPE_RULE}.`) as RunConfig['model'],
      trainPerClass: integer('subset', values.subset),
      testPerClass: integer('test-subset', values['test-subset']),
      seed: integer('seed', values.seed),
    }),
    dataDir: values.data ?? CIFAR10_DEFAULT_DIR,
  });
}

/** Prints Keras-like progress: a live bar on a terminal, one line per epoch otherwise. */
function progressPrinter(): (event: RunEvent) => void {
  const live = process.stdout.isTTY === true;
  let lastDraw = 0;
  return (event) => {
    // The sweep may have gone (then 'disconnect' stops the run): a message it cannot get is no error.
    if (process.connected) process.send?.({ type: 'run-event', event }, undefined, undefined, () => {});
    switch (event.kind) {
      case 'start':
        console.log(event.epoch > 0 ? `Resuming the '${event.schedule}' run after epoch ${event.epoch} of ${event.epochs}.`
          : `Training the '${event.schedule}' run: ${event.epochs} epochs of ${event.batches} batches on ${event.backend}.`);
        break;
      case 'epoch-begin':
        console.log(`Epoch ${event.epoch + 1}/${event.epochs}`);
        break;
      case 'batch': {
        const now = performance.now();
        if (live && (now - lastDraw > 250 || event.batch + 1 === event.batches)) {
          lastDraw = now;
          process.stdout.write(`\r${batchLine(event.batch + 1, event.batches, event.seconds, { loss: event.loss, acc: event.acc })}\x1b[K`);
        }
        break;
      }
      case 'epoch-end': {
        const { seconds, ...metrics } = event.entry;
        process.stdout.write(`${live ? '\r' : ''}${epochLine(event.batches, seconds, metrics)}${live ? '\x1b[K' : ''}\n`);
        break;
      }
    }
  };
}

function writePng(path: string, png: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, png);
  console.log(`wrote ${path}`);
}

/** history.json, report.txt and the requested plots of a finished run. */
function writeOutputs(out: string, outcome: RunOutcome, values: Record<string, string | undefined>): void {
  const label = scheduleLabel(outcome.config.schedule);
  const { history } = outcome;
  writeFileAtomic(join(out, 'history.json'), JSON.stringify(history, null, 2) + '\n');
  if (outcome.report !== null) {
    const text = formatClassificationReport(outcome.report);
    writeFileAtomic(join(out, 'report.txt'), text + '\n');
    console.log(`\n${text}\n`);
  }
  console.log(`wrote ${join(out, 'history.json')}, ${join(out, 'report.txt')}`);
  if (values['lr-plot'] !== undefined) {
    writePng(values['lr-plot'], figureToPng(metricsFigure([{ name: 'learning rate', values: history.lr }],
      { title: `Learning rate, '${label}' schedule`, yTitle: 'learning rate' })));
  }
  if (values['train-plot'] !== undefined) {
    writePng(values['train-plot'], figureToPng(trainingFigure(history, `Training loss and accuracy on CIFAR-10, '${label}' schedule`)));
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schedule: { type: 'string' }, epochs: { type: 'string' }, lr: { type: 'string' }, 'batch-size': { type: 'string' },
      model: { type: 'string' }, subset: { type: 'string' }, 'test-subset': { type: 'string' }, seed: { type: 'string' },
      data: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, 'lr-plot': { type: 'string' },
      'train-plot': { type: 'string' },
    },
  });
  const config = configOf(values);
  const out = values.out ?? join('output', 'train', scheduleLabel(config.schedule));
  if (values.backend !== undefined) process.env.TFJS_BACKEND = values.backend;
  await initBackend();
  const controller = new AbortController();
  const stopPoint = new StopPoint();
  const print = progressPrinter();
  const stopped = (): string => `${stopPoint.describe(out)}. Resume with: ${resumeCommand('train', process.argv.slice(2))}`;
  const removeSigint = onSigint((count) => {
    if (count > 1) {
      console.log(`\nStopped at once ${stopped()}`);
      process.exit(INTERRUPTED);
    }
    console.log('\nCtrl-C: stopping after the current batch (press it again to stop at once)…');
    controller.abort();
  });
  const parentGone = (): void => controller.abort();
  if (process.send !== undefined) process.once('disconnect', parentGone); // a listener keeps the IPC channel open: removed below
  try {
    const result = await runExperiment(config, {
      dir: out, signal: controller.signal, onEvent: (event) => {
        stopPoint.follow(event);
        print(event);
      },
    });
    if (result.status === 'interrupted') {
      console.log(`\nInterrupted ${stopped()}`);
      return INTERRUPTED;
    }
    if (result.status !== 'finished') return 1;
    const final = result.outcome.history.val_acc.at(-1);
    console.log(`final test accuracy ${final === undefined ? '–' : (100 * final).toFixed(2) + ' %'} (run folder ${out})`);
    writeOutputs(out, result.outcome, values);
    return 0;
  } catch (err) {
    if (err instanceof TrainingDivergedError) {
      console.error(err.message);
      return DIVERGED;
    }
    throw err;
  } finally {
    removeSigint();
    process.off('disconnect', parentGone);
  }
}

main().then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
