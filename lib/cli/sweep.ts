/**
 * `npm run sweep`: the article's experiment as one job — one run per schedule, side by side as child processes
 * of `train`, resumable, with a results table and a comparison figure.
 *
 *   npm run sweep -- --profile workshop|workshop-long|full [--schedules none,standard,step,linear,poly]
 *     [--data data/cifar-10-batches-bin] [--out output/sweep-<profile>] [--parallel N] [--backend wasm|…]
 *
 * --parallel is how many runs train at once. By default it depends on the runs not yet finished: one per CPU core,
 * or more when a last, partial round would leave cores idle and sharing the cores ends sooner (`sweepParallelism`;
 * five runs on two cores go all at once).
 *
 * Each run lives in <out>/<schedule>/ (see `npm run train`); its terminal output goes to <out>/<schedule>/train.log.
 * Re-running the same command continues every unfinished run from its last finished epoch and reads finished ones
 * back without training. A run that diverges is reported as diverged; the others go on. At the end, <out> holds
 * results.md and results.json (final and best test accuracy, time per run), and accuracy.png, lr.png and
 * sweep.html (test accuracy and rate per epoch of every schedule).
 *
 * Ctrl-C stops every run after its current batch (each keeps its last finished epoch's checkpoint), starts no new
 * one, and prints which runs finished, where each interrupted one stopped, and the command that resumes the sweep;
 * the results are written when a sweep completes. A second Ctrl-C stops the runs at once. The runs are in process
 * groups of their own, so that each gets one SIGINT, from the sweep.
 *
 * Exit status: 0 when every run finished, 130 when interrupted, 1 otherwise.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CIFAR10_DEFAULT_DIR } from '../data/cifar10';
import { figuresPage, figureToPng, metricsFigure } from '../plots';
import {
  PROFILES, type ProfileName, readOutcome, RUN_SCHEDULE_NAMES, type RunEvent, SWEEP_SCHEDULES, sweepMarkdown, sweepParallelism, sweepRow,
  type SweepRow, writeFileAtomic,
} from '../train';
import { INTERRUPTED, onSigint, resumeCommand, StopPoint } from './interrupt';

/** The exit status `train` uses for a diverged run. */
const DIVERGED = 3;

interface SweepOptions {
  profile: ProfileName;
  schedules: string[];
  data: string;
  out: string;
  parallel: number;
  backend: string | undefined;
}

function options(): SweepOptions {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' }, schedules: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' },
      parallel: { type: 'string' }, backend: { type: 'string' },
    },
  });
  const profile = values.profile;
  if (profile === undefined || !(profile in PROFILES)) {
    throw new RangeError(`--profile must be one of ${Object.keys(PROFILES).join(', ')} (got ${profile === undefined ? 'nothing' : `'${profile}'`}).`);
  }
  const schedules = values.schedules === undefined ? [...SWEEP_SCHEDULES] : values.schedules.split(',').map((s) => s.trim());
  const unknown = schedules.filter((s) => !RUN_SCHEDULE_NAMES.includes(s));
  if (unknown.length > 0 || schedules.length === 0) {
    throw new RangeError(`--schedules must be a comma-separated list of ${RUN_SCHEDULE_NAMES.join(', ')} (got '${values.schedules}').`);
  }
  const unique = [...new Set(schedules)];
  const out = values.out ?? join('output', `sweep-${profile}`);
  const parallel = values.parallel === undefined ? sweepParallelism(Math.max(1, unfinished(unique, out)), os.cpus().length) : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`--parallel must be an integer ≥ 1 (got '${values.parallel}').`);
  return {
    profile: profile as ProfileName,
    schedules: unique,
    data: values.data ?? CIFAR10_DEFAULT_DIR,
    out,
    parallel,
    backend: values.backend,
  };
}

/**
 * How many of the runs have no result yet: finished runs are read back without training, so only the others share
 * the cores. A result that cannot be read counts as unfinished (its run reports the problem).
 */
function unfinished(schedules: readonly string[], out: string): number {
  return schedules.filter((s) => {
    try {
      return readOutcome(join(out, s)) === null;
    } catch {
      return true;
    }
  }).length;
}

/** The `train` command line of one run of the profile. */
function trainArgs(schedule: string, o: SweepOptions): string[] {
  const p = PROFILES[o.profile];
  const args = [
    '--schedule', schedule, '--epochs', String(p.epochs), '--batch-size', String(p.batchSize), '--lr', String(p.initialLr),
    '--model', p.model, '--seed', String(p.seed), '--data', o.data, '--out', join(o.out, schedule),
  ];
  if (p.trainPerClass !== null) args.push('--subset', String(p.trainPerClass));
  if (p.testPerClass !== null) args.push('--test-subset', String(p.testPerClass));
  if (o.backend !== undefined) args.push('--backend', o.backend);
  return args;
}

/** The runs under way, to pass Ctrl-C on to. */
const running = new Set<ChildProcess>();

/**
 * Runs one schedule's `train` as a child process; resolves to its row of the table (status 'unfinished', with where
 * it stopped as the note, when it was interrupted).
 */
function runChild(schedule: string, o: SweepOptions, threads: number): Promise<SweepRow> {
  const dir = join(o.out, schedule);
  mkdirSync(dir, { recursive: true });
  const log = openSync(join(dir, 'train.log'), 'a');
  const tag = `[${schedule}]`.padEnd(11);
  const child = fork(join(__dirname, 'train.js'), trainArgs(schedule, o), {
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, TFJS_WASM_THREADS: process.env.TFJS_WASM_THREADS ?? String(threads) },
    detached: true, // its own process group: a Ctrl-C at the terminal reaches it once, passed on by the sweep
  });
  running.add(child);
  const stopPoint = new StopPoint();
  child.on('message', (message: { type?: string; event?: RunEvent }) => {
    const event = message.event;
    if (message.type !== 'run-event' || event === undefined) return;
    stopPoint.follow(event);
    if (event.kind === 'start') {
      console.log(`${tag} ${event.epoch > 0 ? `resuming after epoch ${event.epoch}` : 'started'}: ${event.epochs} epochs of ${event.batches} batches on ${event.backend}`);
    } else if (event.kind === 'epoch-end') {
      const e = event.entry;
      console.log(`${tag} epoch ${event.epoch + 1}/${event.epochs} - loss ${e.loss.toFixed(4)} - acc ${e.acc.toFixed(4)}`
        + ` - val_loss ${e.val_loss.toFixed(4)} - val_acc ${e.val_acc.toFixed(4)} - lr ${Number(e.lr.toPrecision(4))} - ${e.seconds.toFixed(0)}s`);
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      closeSync(log);
      if (code === INTERRUPTED || signal === 'SIGINT') {
        const where = `interrupted ${stopPoint.describe(dir)}`;
        console.log(`${tag} ${where}`);
        resolve(sweepRow(schedule, null, 'unfinished', where));
        return;
      }
      const outcome = readOutcome(dir);
      if (code === 0 || code === DIVERGED) {
        console.log(`${tag} ${outcome?.status ?? 'ended'}${outcome?.message ? `: ${outcome.message}` : ''}`);
        resolve(sweepRow(schedule, outcome, 'failed'));
        return;
      }
      const why = `train exited with ${signal ?? `status ${code}`}; see ${join(dir, 'train.log')}`;
      console.log(`${tag} failed: ${why}`);
      resolve(sweepRow(schedule, null, 'failed', why));
    });
  });
}

/**
 * Runs the schedules `parallel` at a time; rows in the schedules' order. Once `interrupted()`, it starts no more
 * runs (their rows stay empty).
 */
async function runAll(o: SweepOptions, interrupted: () => boolean): Promise<(SweepRow | undefined)[]> {
  const threads = Math.max(1, Math.floor(os.cpus().length / o.parallel));
  const rows = new Array<SweepRow | undefined>(o.schedules.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.schedules.length && !interrupted()) {
      const i = next++;
      rows[i] = await runChild(o.schedules[i]!, o, threads);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel, o.schedules.length) }, worker));
  return rows;
}

/** results.md, results.json and the comparison figures. */
function writeResults(o: SweepOptions, rows: SweepRow[], seconds: number): void {
  const histories = o.schedules.map((s) => [s, readOutcome(join(o.out, s))?.history] as const);
  const p = PROFILES[o.profile];
  const setup = `profile ${o.profile}: ${p.model} ResNet, ${p.trainPerClass === null ? 'all' : `${p.trainPerClass}/class`} training and `
    + `${p.testPerClass === null ? 'all' : `${p.testPerClass}/class`} test images, batch ${p.batchSize}, ${p.epochs} epochs, initial rate ${p.initialLr}`;
  const table = sweepMarkdown(rows);
  writeFileAtomic(join(o.out, 'results.md'), `# Sweep (${setup})\n\nWall-clock time of the sweep: ${seconds.toFixed(0)} s.\n\n${table}`);
  writeFileAtomic(join(o.out, 'results.json'), JSON.stringify({ profile: o.profile, setup: p, data: o.data, seconds, rows }, null, 2) + '\n');
  const accuracy = metricsFigure(histories.map(([s, h]) => ({ name: s, values: h?.val_acc ?? [] })),
    { title: 'Test accuracy per epoch', yTitle: 'test accuracy' });
  const rates = metricsFigure(histories.map(([s, h]) => ({ name: s, values: h?.lr ?? [] })),
    { title: 'Learning rate per epoch (at the end of the epoch)', yTitle: 'learning rate' });
  writeFileAtomic(join(o.out, 'accuracy.png'), figureToPng(accuracy));
  writeFileAtomic(join(o.out, 'lr.png'), figureToPng(rates));
  writeFileAtomic(join(o.out, 'sweep.html'), figuresPage(`Learning-rate schedules on CIFAR-10 (${o.profile})`, [
    { heading: 'Test accuracy', caption: setup, figure: accuracy },
    { heading: 'Learning rate', figure: rates },
  ]));
  console.log(`\n${table}\nwrote ${['results.md', 'results.json', 'accuracy.png', 'lr.png', 'sweep.html'].map((f) => join(o.out, f)).join(', ')}`);
}

async function main(): Promise<number> {
  const o = options();
  mkdirSync(o.out, { recursive: true });
  console.log(`sweep ${o.profile}: ${o.schedules.join(', ')}, ${o.parallel} at a time, into ${o.out}`);
  const started = performance.now();
  let interrupts = 0;
  const removeSigint = onSigint((count) => {
    interrupts = count;
    if (count > 2) process.exit(INTERRUPTED); // the runs, in their own process groups, have had two already
    console.log(count === 1 ? '\nCtrl-C: stopping every run after its current batch (press it again to stop them at once)…'
      : '\nCtrl-C again: stopping the runs at once…');
    for (const child of running) child.kill('SIGINT');
  });
  try {
    const rows = await runAll(o, () => interrupts > 0);
    if (interrupts > 0 && rows.some((row) => row === undefined || row.status === 'unfinished')) {
      const state = (row: SweepRow | undefined): string => (row === undefined ? 'not started' : row.status === 'unfinished' ? 'interrupted' : row.status);
      const groups = new Map<string, string[]>();
      o.schedules.forEach((s, i) => groups.set(state(rows[i]), [...groups.get(state(rows[i])) ?? [], s]));
      console.log(`\nSweep interrupted. ${[...groups].map(([st, runs]) => `${st}: ${runs.join(', ')}`).join('; ')}`
        + ' (each interrupted run resumes from its last saved epoch, see above; the results are written when every run has ended).'
        + `\nResume with: ${resumeCommand('sweep', process.argv.slice(2))}`);
      return INTERRUPTED;
    }
    const done = rows as SweepRow[];
    writeResults(o, done, (performance.now() - started) / 1000);
    return done.every((r) => r.status === 'finished') ? 0 : 1;
  } finally {
    removeSigint();
  }
}

main().then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
