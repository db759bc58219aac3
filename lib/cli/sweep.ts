/**
 * `npm run sweep`: the article's experiment as one job — one run per schedule and seed, side by side as child
 * processes of `train`, resumable, with a results table, statistics over seeds and comparison figures.
 *
 * `npm run sweep -- --help` lists the options and their defaults (`SWEEP_COMMAND`).
 *
 * --seeds: every schedule is trained from each seed (default: the profile's seed, 0); `3` means 0, 1, 2 (see
 * `parseSeeds`). --shard K/N runs only the K-th of N parts of the run list (schedules × seeds, seed by seed, every
 * N-th run: `shardRuns`), so that N machines or jobs share one sweep folder; `auto` reads the part from a Kubernetes
 * Indexed Job or a Slurm job array (`parseShard`). A part writes only its runs' folders. --report trains nothing:
 * it builds the report of the whole run list from the runs that have finished and names the missing ones.
 *
 * --parallel is how many runs are under way at once. By default it depends on the runs not yet finished: one per CPU
 * core, or more when a last, partial round would leave cores idle and sharing the cores ends sooner
 * (`sweepParallelism`; five runs on two cores go all at once). The runs under way take turns of one epoch (its
 * training and evaluation): as many at a time as the cores hold, given each run's threads (one core each unless
 * TFJS_WASM_THREADS says more), while the others wait between epochs (`turnServer`, `Turns`). So five runs on two
 * cores train two at a time, in rotation, rather than all five with the operating system slicing the cores among
 * them, which keeps each core's caches for one run (5.6 % more images per second in all, measured on the workshop
 * net; results/README.md). An epoch's time in the history leaves the wait out.
 *
 * Each run lives in <out>/<schedule>-seed<k>/ (see `npm run train`, and `runFolder` for sweeps saved before seeds);
 * its terminal output goes to train.log there. Re-running the same command continues every unfinished run from its
 * last finished epoch and reads finished ones back without training. A run that diverges is reported as diverged;
 * the others go on. At the end of a whole sweep (no --shard), or with --report, <out> holds results.md and
 * results.json (per run final and best test accuracy and time; per schedule mean ± sd over seeds; paired
 * differences with 95 % intervals; missing runs), and accuracy.png, lr.png and sweep.html (mean test accuracy per
 * epoch with a ± sd band, and the rate per epoch of every schedule), each written atomically.
 *
 * Ctrl-C stops every run after its current batch (each keeps its last finished epoch's checkpoint), starts no new
 * one, and prints which runs finished, where each interrupted one stopped, and the command that resumes the sweep;
 * the report is written when a sweep completes. A second Ctrl-C stops the runs at once. The runs are in process
 * groups of their own, so that each gets one SIGINT, from the sweep.
 *
 * Exit status: 0 when every run (of this part, or with --report of the whole list) finished, 130 when interrupted,
 * 1 otherwise.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { CIFAR10_DEFAULT_DIR } from '../data/cifar10';
import { bandFigure, figuresPage, figureToPng, metricsFigure } from '../plots';
import {
  meanBand,
  parseSeeds,
  parseShard,
  PROFILES,
  type ProfileName,
  readOutcome,
  RUN_SCHEDULE_NAMES,
  type RunEvent,
  runFolder,
  runName,
  type Shard,
  shardRuns,
  SWEEP_SCHEDULES,
  sweepMarkdown,
  sweepParallelism,
  sweepReport,
  sweepReportMarkdown,
  sweepRow,
  type SweepRow,
  type SweepRun,
  sweepRuns,
  writeFileAtomic,
} from '../train';
import { modelArgument } from '../train/config';
import { type CommandLine, type CommandSpec, numberOption, readCommandLine, runIfMain } from './args';
import { DIVERGED, FAILED, INTERRUPTED, OK } from './exit-status';
import { SWEEP_TURNS_ENV, turnServer } from './sweep-turns';
import { onSigint, resumeCommand, StopPoint } from './interrupt';

export interface SweepOptions {
  profile: ProfileName;
  schedules: string[];
  seeds: number[];
  /** Every run of the sweep, and those this command trains (its part with --shard; none with --report). */
  runs: SweepRun[];
  part: SweepRun[];
  shard: Shard | null;
  report: boolean;
  data: string;
  out: string;
  parallel: number;
  backend: string | undefined;
}

export const SWEEP_COMMAND: CommandSpec = {
  command: 'npm run sweep --',
  summary:
    "The article's experiment as one job: one `npm run train` per schedule and seed, side by side, resumable, then a " +
    'results table, statistics over seeds and comparison figures.',
  options: {
    profile: {
      value: 'NAME',
      help: `Required: ${Object.keys(PROFILES).join(', ')} (epochs, data subset, model: see lib/train/profiles.ts)`,
    },
    schedules: {
      value: 'LIST',
      default: SWEEP_SCHEDULES.join(','),
      help: `Comma-separated, of ${RUN_SCHEDULE_NAMES.join(', ')}`,
    },
    seeds: {
      value: 'SEEDS',
      shownDefault: "the profile's seed, 0",
      help: 'A count (3: seeds 0, 1, 2), a list (0,1,2) or a range (5..9)',
    },
    shard: {
      value: 'K/N|auto',
      help: "Train only the K-th of N parts of the runs (auto: from a Kubernetes Indexed Job's or Slurm array's index)",
    },
    report: { help: 'Train nothing: build the report of the whole sweep from the runs that have finished' },
    data: { value: 'DIR', default: CIFAR10_DEFAULT_DIR, help: "CIFAR-10's binary folder (see npm run data)" },
    out: {
      value: 'DIR',
      shownDefault: 'output/sweep-<profile>',
      help: 'The sweep folder; each run in <out>/<schedule>-seed<k>/',
    },
    parallel: {
      value: 'N',
      shownDefault: 'one per CPU core, or more to fill a last round',
      help: 'Runs under way at once, an integer ≥ 1; they train in turns of an epoch, as many at a time as the cores hold',
    },
    backend: {
      value: 'NAME',
      shownDefault: '$TFJS_BACKEND, else tfjs-node when installed, else wasm',
      help: 'wasm, cpu or tensorflow',
    },
  },
  examples: ['npm run sweep -- --profile workshop', 'npm run sweep -- --profile workshop --seeds 3 --shard 1/2'],
  notes: [
    'The same command again continues every unfinished run and reads finished ones back. At the end (or with --report),',
    '<out> holds results.md, results.json, accuracy.png, lr.png and sweep.html. Ctrl-C stops every run after its batch.',
    `Exit status: ${OK} every run finished, ${FAILED} otherwise (or an error), ${INTERRUPTED} interrupted.`,
  ].join('\n'),
};

export function sweepOptions({ values }: CommandLine): SweepOptions {
  const profile = values.profile;
  if (profile === undefined || !(profile in PROFILES)) {
    throw new RangeError(
      `--profile must be one of ${Object.keys(PROFILES).join(', ')} (got ${profile === undefined ? 'nothing' : `'${profile}'`}).`,
    );
  }
  const schedules = values.schedules!.split(',').map((s) => s.trim()); // it has a default
  const unknown = schedules.filter((s) => !RUN_SCHEDULE_NAMES.includes(s));
  if (unknown.length > 0 || schedules.length === 0) {
    throw new RangeError(
      `--schedules must be a comma-separated list of ${RUN_SCHEDULE_NAMES.join(', ')} (got '${values.schedules}').`,
    );
  }
  const unique = [...new Set(schedules)];
  const out = values.out ?? join('output', `sweep-${profile}`);
  const seeds = values.seeds === undefined ? [PROFILES[profile as ProfileName].seed] : parseSeeds(values.seeds);
  const shard = values.shard === undefined ? null : parseShard(values.shard, process.env);
  const report = values.report !== undefined;
  if (report && shard !== null)
    throw new RangeError('--report builds the report of the whole sweep: leave out --shard.');
  const runs = sweepRuns(unique, seeds);
  const part = report ? [] : shard === null ? runs : shardRuns(runs, shard);
  const parallel =
    values.parallel === undefined
      ? sweepParallelism(Math.max(1, unfinished(part, out)), os.cpus().length)
      : numberOption(values, 'parallel', { integer: true, min: 1 });
  return {
    profile: profile as ProfileName,
    schedules: unique,
    seeds,
    runs,
    part,
    shard,
    report,
    data: values.data!, // it has a default
    out,
    parallel,
    backend: values.backend,
  };
}

/**
 * How many of the runs have no result yet: finished runs are read back without training, so only the others share
 * the cores. A result that cannot be read counts as unfinished (its run reports the problem).
 */
function unfinished(runs: readonly SweepRun[], out: string): number {
  return runs.filter((run) => {
    try {
      return readOutcome(runFolder(out, run)) === null;
    } catch {
      return true;
    }
  }).length;
}

/** The `train` command line of one run of the profile. */
export function trainArgs(run: SweepRun, o: SweepOptions): string[] {
  const p = PROFILES[o.profile];
  const args = [
    '--schedule',
    run.schedule,
    '--epochs',
    String(p.epochs),
    '--batch-size',
    String(p.batchSize),
    '--lr',
    String(p.initialLr),
    '--momentum',
    String(p.momentum),
    '--model',
    modelArgument(p.model),
    '--seed',
    String(run.seed),
    '--data',
    o.data,
    '--out',
    runFolder(o.out, run),
  ];
  if (p.trainPerClass !== null) args.push('--subset', String(p.trainPerClass));
  if (p.testPerClass !== null) args.push('--test-subset', String(p.testPerClass));
  if (o.backend !== undefined) args.push('--backend', o.backend);
  return args;
}

/** The runs under way, to pass Ctrl-C on to. */
const running = new Set<ChildProcess>();

/**
 * Runs one run's `train` as a child process; resolves to its row of the table (status 'unfinished', with where it
 * stopped as the note, when it was interrupted).
 */
function runChild(
  run: SweepRun,
  o: SweepOptions,
  threads: number,
  turns: ReturnType<typeof turnServer>,
): Promise<SweepRow> {
  const dir = runFolder(o.out, run);
  mkdirSync(dir, { recursive: true });
  const log = openSync(join(dir, 'train.log'), 'a');
  const tag = `[${runName(run)}]`.padEnd(18);
  const child = fork(join(__dirname, 'train.js'), trainArgs(run, o), {
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      ...process.env,
      TFJS_WASM_THREADS: process.env.TFJS_WASM_THREADS ?? String(threads),
      [SWEEP_TURNS_ENV]: '1',
    },
    detached: true, // its own process group: a Ctrl-C at the terminal reaches it once, passed on by the sweep
  });
  running.add(child);
  turns.serve(child);
  const stopPoint = new StopPoint();
  child.on('message', (message: { type?: string; event?: RunEvent }) => {
    const event = message.event;
    if (message.type !== 'run-event' || event === undefined) return;
    stopPoint.follow(event);
    if (event.kind === 'start') {
      console.log(
        `${tag} ${event.epoch > 0 ? `resuming after epoch ${event.epoch}` : 'started'}: ${event.epochs} epochs of ${event.batches} batches on ${event.backend}`,
      );
    } else if (event.kind === 'epoch-end') {
      const e = event.entry;
      console.log(
        `${tag} epoch ${event.epoch + 1}/${event.epochs} - loss ${e.loss.toFixed(4)} - acc ${e.acc.toFixed(4)}` +
          ` - val_loss ${e.val_loss.toFixed(4)} - val_acc ${e.val_acc.toFixed(4)} - lr ${Number(e.lr.toPrecision(4))} - ${e.seconds.toFixed(0)}s`,
      );
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      closeSync(log);
      if (code === INTERRUPTED || signal === 'SIGINT') {
        const where = `interrupted ${stopPoint.describe(dir)}`;
        console.log(`${tag} ${where}`);
        resolve(sweepRow(run, null, 'unfinished', where));
        return;
      }
      const outcome = readOutcome(dir);
      if (code === OK || code === DIVERGED) {
        console.log(`${tag} ${outcome?.status ?? 'ended'}${outcome?.message ? `: ${outcome.message}` : ''}`);
        resolve(sweepRow(run, outcome, 'failed'));
        return;
      }
      const why = `train exited with ${signal ?? `status ${code}`}; see ${join(dir, 'train.log')}`;
      console.log(`${tag} failed: ${why}`);
      resolve(sweepRow(run, null, 'failed', why));
    });
  });
}

/**
 * How the runs share the cores: each run's threads (TFJS_WASM_THREADS for the children unless set), and how many
 * runs compute at once (one per run's threads' worth of cores; each child checks TFJS_WASM_THREADS itself).
 */
function sharing(o: SweepOptions): { threads: number; slots: number } {
  const cores = os.cpus().length;
  const threads = Math.max(1, Math.floor(cores / o.parallel));
  const runThreads = Number(process.env.TFJS_WASM_THREADS) || threads;
  return { threads, slots: Math.max(1, Math.floor(cores / runThreads)) };
}

/** "5 under way, 2 training at a time (turns of an epoch)", or "2 at a time" when every run has its cores. */
function atATime(o: SweepOptions): string {
  const { slots } = sharing(o);
  const under = Math.min(o.parallel, o.part.length);
  return slots < under
    ? `${under} under way, ${slots} training at a time (turns of an epoch)`
    : `${o.parallel} at a time`;
}

/**
 * Runs this command's part of the run list `parallel` at a time; rows in the list's order. Once `interrupted()`, it
 * starts no more runs (their rows stay empty).
 */
async function runAll(o: SweepOptions, interrupted: () => boolean): Promise<(SweepRow | undefined)[]> {
  const { threads, slots } = sharing(o);
  const turns = turnServer(slots);
  const rows = new Array<SweepRow | undefined>(o.part.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.part.length && !interrupted()) {
      const i = next++;
      rows[i] = await runChild(o.part[i]!, o, threads, turns);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel, o.part.length) }, worker));
  return rows;
}

/** The row of a run from its folder: its outcome, or unfinished (failed when the outcome cannot be read). */
function storedRow(run: SweepRun, o: SweepOptions): SweepRow {
  try {
    return sweepRow(run, readOutcome(runFolder(o.out, run)), 'unfinished');
  } catch (error) {
    return sweepRow(run, null, 'failed', (error as Error).message);
  }
}

/**
 * results.md, results.json and the comparison figures of the whole run list, from the runs' folders (`fresh` rows,
 * of runs this command trained, replace what their folders say: they know why a run failed). `seconds` is the
 * command's wall-clock time, null for --report.
 */
function writeReport(o: SweepOptions, fresh: SweepRow[], seconds: number | null): SweepRow[] {
  const rows = o.runs.map(
    (run) => fresh.find((r) => r.schedule === run.schedule && r.seed === run.seed) ?? storedRow(run, o),
  );
  const report = sweepReport(rows, o.schedules);
  const histories = (schedule: string) =>
    rows
      .filter((r) => r.schedule === schedule && r.status === 'finished')
      .map((r) => readOutcome(runFolder(o.out, r))!.history);
  const p = PROFILES[o.profile];
  const setup =
    `profile ${o.profile}: ${typeof p.model === 'string' ? `${p.model} ResNet` : `ResNet ${JSON.stringify(p.model)}`}, ` +
    `${p.trainPerClass === null ? 'all' : `${p.trainPerClass}/class`} training and ` +
    `${p.testPerClass === null ? 'all' : `${p.testPerClass}/class`} test images, batch ${p.batchSize}, ${p.epochs} epochs, initial rate ${p.initialLr}` +
    `, seed${o.seeds.length > 1 ? 's' : ''} ${o.seeds.join(', ')}`;
  const table = sweepReportMarkdown(report);
  const time = seconds === null ? '' : `Wall-clock time of the sweep: ${seconds.toFixed(0)} s.\n\n`;
  writeFileAtomic(
    join(o.out, 'results.md'),
    `# Sweep (${setup})\n\n${time}${table}\n## Runs\n\n${sweepMarkdown(rows)}`,
  );
  writeFileAtomic(
    join(o.out, 'results.json'),
    JSON.stringify({ profile: o.profile, setup: p, seeds: o.seeds, data: o.data, seconds, ...report }, null, 2) + '\n',
  );
  const several = o.seeds.length > 1;
  const accuracy = bandFigure(
    o.schedules.map((s) => {
      const band = meanBand(histories(s).map((h) => h.val_acc));
      return { name: s, values: band.mean, lower: band.lower, upper: band.upper };
    }),
    {
      title: several
        ? 'Test accuracy per epoch: mean over the seeds ± one standard deviation'
        : 'Test accuracy per epoch',
      yTitle: 'test accuracy',
    },
  );
  const rates = metricsFigure(
    o.schedules.map((s) => ({ name: s, values: histories(s)[0]?.lr ?? [] })),
    { title: 'Learning rate per epoch (at the end of the epoch)', yTitle: 'learning rate' },
  );
  writeFileAtomic(join(o.out, 'accuracy.png'), figureToPng(accuracy));
  writeFileAtomic(join(o.out, 'lr.png'), figureToPng(rates));
  writeFileAtomic(
    join(o.out, 'sweep.html'),
    figuresPage(`Learning-rate schedules on CIFAR-10 (${o.profile})`, [
      { heading: 'Test accuracy', caption: setup, figure: accuracy },
      { heading: 'Learning rate', figure: rates },
    ]),
  );
  console.log(
    `\n${table}\nwrote ${['results.md', 'results.json', 'accuracy.png', 'lr.png', 'sweep.html'].map((f) => join(o.out, f)).join(', ')}`,
  );
  return rows;
}

/** The command that builds the report once every part has finished: this one without --shard, with --report. */
function reportCommand(): string {
  const args = process.argv
    .slice(2)
    .filter((a, i, all) => a !== '--shard' && all[i - 1] !== '--shard' && !a.startsWith('--shard='));
  return ['npm', 'run', 'sweep', '--', ...args, '--report']
    .map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}

async function main(): Promise<number> {
  const commandLine = readCommandLine(SWEEP_COMMAND);
  if (commandLine === null) return OK;
  const o = sweepOptions(commandLine);
  if (o.report) return writeReport(o, [], null).every((r) => r.status === 'finished') ? OK : FAILED;
  mkdirSync(o.out, { recursive: true });
  const part =
    o.shard === null
      ? ''
      : `part ${o.shard.index}/${o.shard.count}${o.shard.source ? ` (${o.shard.source})` : ''}: ${o.part.length} of ${o.runs.length} runs, `;
  console.log(
    `sweep ${o.profile}: ${o.schedules.join(', ')}, seed${o.seeds.length > 1 ? 's' : ''} ${o.seeds.join(', ')}; ` +
      `${part}${atATime(o)}, into ${o.out}`,
  );
  const started = performance.now();
  let interrupts = 0;
  const removeSigint = onSigint((count) => {
    interrupts = count;
    if (count > 2) process.exit(INTERRUPTED); // the runs, in their own process groups, have had two already
    console.log(
      count === 1
        ? '\nCtrl-C: stopping every run after its current batch (press it again to stop them at once)…'
        : '\nCtrl-C again: stopping the runs at once…',
    );
    for (const child of running) child.kill('SIGINT');
  });
  try {
    const rows = await runAll(o, () => interrupts > 0);
    if (interrupts > 0 && rows.some((row) => row === undefined || row.status === 'unfinished')) {
      const state = (row: SweepRow | undefined): string =>
        row === undefined ? 'not started' : row.status === 'unfinished' ? 'interrupted' : row.status;
      const groups = new Map<string, string[]>();
      o.part.forEach((run, i) => groups.set(state(rows[i]), [...(groups.get(state(rows[i])) ?? []), runName(run)]));
      console.log(
        `\nSweep interrupted. ${[...groups].map(([st, runs]) => `${st}: ${runs.join(', ')}`).join('; ')}` +
          ' (each interrupted run resumes from its last saved epoch, see above; the report is written when every run has ended).' +
          `\nResume with: ${resumeCommand('sweep', process.argv.slice(2))}`,
      );
      return INTERRUPTED;
    }
    const done = rows as SweepRow[];
    if (o.shard === null) {
      writeReport(o, done, (performance.now() - started) / 1000);
    } else {
      console.log(
        `\n${done.length > 0 ? sweepMarkdown(done) : 'This part has no runs.\n'}\nWhen every part has finished, build the report with\n  ${reportCommand()}`,
      );
    }
    return done.every((r) => r.status === 'finished') ? OK : FAILED;
  } finally {
    removeSigint();
  }
}

runIfMain(module, main);
