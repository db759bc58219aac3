/**
 * `npm run train`: one run of the article's CIFAR-10 experiment, as its train.py, resumable.
 *
 * `npm run train -- --help` lists the options and their defaults (`TRAIN_COMMAND`).
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
 * interrupted. When started by `npm run sweep` (with an IPC channel), progress events also go to the parent, the
 * run waits for the sweep's turn before each epoch (`sweepEpochTurn`), and it stops as on Ctrl-C if the parent goes
 * away.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initBackend } from '../backend';
import { CIFAR10_DEFAULT_DIR } from '../data/cifar10';
import { RESNET_ARTICLE_PRESETS, RESNET_ARTICLE_SHAPE_RULE } from '../models';
import { figureToPng, metricsFigure, trainingFigure } from '../plots';
import type { ScheduleConfig } from '../schedules';
import {
  ARTICLE_RUN_DEFAULTS,
  batchLine,
  epochLine,
  formatClassificationReport,
  RUN_SCHEDULE_NAMES,
  type RunConfig,
  type RunConfigNames,
  type RunEvent,
  runExperiment,
  type RunOutcome,
  scheduleLabel,
  TrainingDivergedError,
  validateRunConfig,
  writeFileAtomic,
} from '../train';
import { modelArgument } from '../train/config';
import { type CommandLine, type CommandSpec, numberOption, readCommandLine, runIfMain, UsageError } from './args';
import { DIVERGED, FAILED, INTERRUPTED, OK } from './exit-status';
import { onSigint, resumeCommand, StopPoint } from './interrupt';
import { sweepEpochTurn } from './sweep-turns';

const D = ARTICLE_RUN_DEFAULTS;

export const TRAIN_COMMAND: CommandSpec = {
  command: 'npm run train --',
  summary:
    "One run of the article's CIFAR-10 experiment (its train.py): SGD with momentum on the article's ResNet under a " +
    'learning-rate schedule, resumable from the last finished epoch.',
  options: {
    schedule: {
      value: 'NAME|JSON',
      default: 'none',
      help: `${RUN_SCHEDULE_NAMES.join(', ')}, or a schedule's toConfig() as JSON`,
    },
    epochs: { value: 'N', shownDefault: String(D.epochs), help: 'Epochs, an integer ≥ 1' },
    lr: { value: 'RATE', shownDefault: String(D.initialLr), help: 'The initial learning rate, > 0' },
    momentum: { value: 'M', shownDefault: String(D.momentum), help: "SGD momentum (Keras' form), in [0, 1)" },
    'batch-size': { value: 'N', shownDefault: String(D.batchSize), help: 'Images per batch update, an integer ≥ 1' },
    model: {
      value: 'NAME|JSON',
      shownDefault: modelArgument(D.model),
      help: `${Object.keys(RESNET_ARTICLE_PRESETS).join(', ')}, or a shape of the ResNet family as JSON (see below)`,
    },
    subset: {
      value: 'N',
      shownDefault: 'all 5000',
      help: 'Training images per class (a seeded balanced subset), in [1, 5000]',
    },
    'test-subset': { value: 'N', shownDefault: 'all 1000', help: 'Test images per class, in [1, 1000]' },
    seed: {
      value: 'N',
      shownDefault: String(D.seed),
      help: 'Seeds the subsets, the initial weights and the batch order',
    },
    data: { value: 'DIR', default: CIFAR10_DEFAULT_DIR, help: "CIFAR-10's binary folder (see npm run data)" },
    backend: {
      value: 'NAME',
      shownDefault: '$TFJS_BACKEND, else tfjs-node when installed, else wasm',
      help: 'wasm, cpu or tensorflow',
    },
    out: { value: 'DIR', shownDefault: 'output/train/<schedule>', help: 'The run folder' },
    'lr-plot': { value: 'PATH', help: 'Also draw the rate per epoch into this PNG' },
    'train-plot': { value: 'PATH', help: 'Also draw the loss and accuracy per epoch into this PNG' },
  },
  examples: [
    'npm run train -- --schedule step --epochs 100',
    `npm run train -- --schedule linear --model shallow --subset 500 --epochs 5 --lr-plot output/lr.png`,
  ],
  notes: [
    `--model shape: ${RESNET_ARTICLE_SHAPE_RULE}.`,
    'The run folder holds the configuration, a checkpoint after each epoch and, at the end, result.json, history.json',
    'and report.txt. The same command again continues from the last finished epoch; Ctrl-C stops after the current',
    'batch and prints the command that resumes.',
    `Exit status: ${OK} finished, ${FAILED} error (bad data, bad options, another configuration in --out), ${DIVERGED} diverged, ` +
      `${INTERRUPTED} interrupted.`,
  ].join('\n'),
};

/** The options' names for the configuration's fields, so that errors name what the user typed. */
export const TRAIN_OPTION_NAMES: RunConfigNames = {
  schedule: '--schedule',
  epochs: '--epochs',
  initialLr: '--lr',
  momentum: '--momentum',
  batchSize: '--batch-size',
  model: '--model',
  trainPerClass: '--subset',
  testPerClass: '--test-subset',
  seed: '--seed',
  dataDir: '--data',
};

/** The option's value: a name, or the JSON object it spells when it starts with `{`; `hint` ends the JSON error. */
function nameOrJson<T>(option: string, text: string, hint = ''): string | T {
  if (!text.trim().startsWith('{')) return text;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new RangeError(`--${option} is neither a name nor valid JSON (${(err as Error).message}).${hint}`, {
      cause: err,
    });
  }
}

/** The run configuration from the command line; errors name the options (their ranges: `validateRunConfig`). */
export function trainConfig({ values }: CommandLine): RunConfig {
  const number = (name: string): number | undefined =>
    values[name] === undefined ? undefined : numberOption(values, name);
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  try {
    return validateRunConfig(
      {
        schedule: nameOrJson<ScheduleConfig>('schedule', values.schedule!), // it has a default
        ...defined({
          epochs: number('epochs'),
          initialLr: number('lr'),
          momentum: number('momentum'),
          batchSize: number('batch-size'),
          model:
            values.model === undefined
              ? undefined
              : (nameOrJson<RunConfig['model']>(
                  'model',
                  values.model,
                  ` A preset is a name; ${RESNET_ARTICLE_SHAPE_RULE}.`,
                ) as RunConfig['model']),
          trainPerClass: number('subset'),
          testPerClass: number('test-subset'),
          seed: number('seed'),
        }),
        dataDir: values.data!,
      },
      TRAIN_OPTION_NAMES,
    );
  } catch (err) {
    throw err instanceof Error && !(err instanceof UsageError) ? new UsageError(`${err.message} See --help.`) : err;
  }
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
        console.log(
          event.epoch > 0
            ? `Resuming the '${event.schedule}' run after epoch ${event.epoch} of ${event.epochs}.`
            : `Training the '${event.schedule}' run: ${event.epochs} epochs of ${event.batches} batches on ${event.backend}.`,
        );
        break;
      case 'epoch-begin':
        console.log(`Epoch ${event.epoch + 1}/${event.epochs}`);
        break;
      case 'batch': {
        const now = performance.now();
        if (live && (now - lastDraw > 250 || event.batch + 1 === event.batches)) {
          lastDraw = now;
          process.stdout.write(
            `\r${batchLine(event.batch + 1, event.batches, event.seconds, { loss: event.loss, acc: event.acc })}\x1b[K`,
          );
        }
        break;
      }
      case 'epoch-end': {
        const { seconds, ...metrics } = event.entry;
        process.stdout.write(
          `${live ? '\r' : ''}${epochLine(event.batches, seconds, metrics)}${live ? '\x1b[K' : ''}\n`,
        );
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
    writePng(
      values['lr-plot'],
      figureToPng(
        metricsFigure([{ name: 'learning rate', values: history.lr }], {
          title: `Learning rate, '${label}' schedule`,
          yTitle: 'learning rate',
        }),
      ),
    );
  }
  if (values['train-plot'] !== undefined) {
    writePng(
      values['train-plot'],
      figureToPng(trainingFigure(history, `Training loss and accuracy on CIFAR-10, '${label}' schedule`)),
    );
  }
}

async function main(): Promise<number> {
  const commandLine = readCommandLine(TRAIN_COMMAND);
  if (commandLine === null) return OK;
  const { values } = commandLine;
  const config = trainConfig(commandLine);
  const out = values.out ?? join('output', 'train', scheduleLabel(config.schedule));
  if (values.backend !== undefined) process.env.TFJS_BACKEND = values.backend;
  await initBackend();
  const controller = new AbortController();
  const stopPoint = new StopPoint();
  const print = progressPrinter();
  const stopped = (): string =>
    `${stopPoint.describe(out)}. Resume with: ${resumeCommand('train', process.argv.slice(2))}`;
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
  if (process.send !== undefined && !process.connected) parentGone(); // gone already, during the start-up
  try {
    const result = await runExperiment(config, {
      dir: out,
      signal: controller.signal,
      epochTurn: sweepEpochTurn(),
      onEvent: (event) => {
        stopPoint.follow(event);
        print(event);
      },
    });
    if (result.status === 'interrupted') {
      console.log(`\nInterrupted ${stopped()}`);
      return INTERRUPTED;
    }
    if (result.status !== 'finished') return FAILED;
    const final = result.outcome.history.val_acc.at(-1);
    console.log(
      `final test accuracy ${final === undefined ? '–' : (100 * final).toFixed(2) + ' %'} (run folder ${out})`,
    );
    writeOutputs(out, result.outcome, values);
    return OK;
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

runIfMain(module, main);
