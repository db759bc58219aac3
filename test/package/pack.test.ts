/**
 * The package as a user gets it: `npm pack` (of dist/, made by `npm run build`, which `npm test` runs), the tarball
 * unpacked into a fresh project's node_modules with only the package's declared dependencies beside it (linked
 * from this checkout: no network), then a consumer file that uses every entry point is type-checked by tsc under
 * the node10, node16 and bundler resolutions, compiled to CommonJS and to ES modules, and run by Node in both forms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CyclicLR } from '../../lib/schedules';

const ROOT = join(__dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'lr-schedules-consumer-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

interface Manifest {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

/** A consumer of every entry point; prints what it computed as JSON. */
const CONSUMER = `
import { CyclicLR, fromConfig, type Schedule } from 'lr-schedules/schedules';
import { getLearningRate, KerasSGD, LearningRateScheduler } from 'lr-schedules/tfjs';
import { figureToSvg, scheduleFigure } from 'lr-schedules/plots';
import { spirals } from 'lr-schedules/toy';
import { figureHtml } from 'lr-schedules/notebook';
import { initBackend } from 'lr-schedules/backend';
import { Dataset } from 'lr-schedules/data';
import { paramCounts } from 'lr-schedules/models';
import { smoothLosses } from 'lr-schedules/finder';
import { validateRunConfig } from 'lr-schedules/train';
import * as root from 'lr-schedules';
import * as tf from '@tensorflow/tfjs';

async function main(): Promise<void> {
  const schedule: Schedule = new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 2 });
  const rebuilt: number[] = fromConfig(schedule.toConfig()).rates(6);
  const backend: string = (await initBackend({ env: { TFJS_BACKEND: 'cpu' }, log: null })).backend;
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: new KerasSGD({ learningRate: 1 }), loss: 'meanSquaredError' });
  const scheduler = new LearningRateScheduler(schedule);
  await model.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 2, batchSize: 2, callbacks: [scheduler], verbose: 0 });
  const problem = spirals({ pointsPerClass: 5 });
  const data = new Dataset({
    images: new Uint8Array(2 * 2 * 2 * 3), labels: new Uint8Array([0, 1]), classNames: ['a', 'b'], imageShape: [2, 2, 3],
  });
  const svg: string = figureToSvg(scheduleFigure(schedule, { length: 6 }));
  console.log(JSON.stringify({
    rebuilt,
    applied: scheduler.applied.map((a) => a.lr),
    last: getLearningRate(model.optimizer),
    backend,
    svg: svg.startsWith('<svg'),
    html: figureHtml(scheduleFigure(schedule, { length: 6 }), { staticImage: false }).length > 0,
    spirals: problem.labels.length,
    data: data.size,
    params: paramCounts(model).total,
    smoothed: smoothLosses([1, 1]).length,
    config: validateRunConfig({ schedule: 'none' }).schedule,
    root: root.CyclicLR === CyclicLR && root.runExperiment !== undefined,
  }));
}
main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`;

/** Runs a command in the consumer project; its output, or an error that shows it. */
function run(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${[file, ...args].join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: err });
  }
}
const tsc = (...args: string[]): string => run(process.execPath, [TSC, ...args]);

/** Links `name` from this checkout's node_modules into the consumer project's. */
function link(name: string): void {
  const target = join(ROOT, 'node_modules', name);
  if (!existsSync(target)) throw new Error(`${name} is not installed in this checkout: run npm ci`);
  const at = join(project, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/index.js')))
    throw new Error('dist/ is missing: run npm run build first (npm test does).');
  const tarball = (
    JSON.parse(run('npm', ['pack', ROOT, '--ignore-scripts', '--json', '--pack-destination', project])) as {
      filename: string;
    }[]
  )[0]!;
  const installed = join(project, 'node_modules/lr-schedules');
  mkdirSync(installed, { recursive: true });
  run('tar', ['xzf', join(project, tarball.filename), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
  const required = Object.keys(manifest.peerDependencies).filter(
    (name) => !manifest.peerDependenciesMeta[name]?.optional,
  );
  for (const name of new Set([...Object.keys(manifest.dependencies), ...required, '@types/node'])) link(name);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  for (const file of ['consumer.ts', 'consumer.cts', 'consumer.mts']) writeFileSync(join(project, file), CONSUMER);
}, 60_000);

const strict = ['--strict', '--target', 'es2022', '--types', 'node', '--skipLibCheck'];
const expected = (): unknown => {
  const schedule = new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 2 });
  return { rebuilt: schedule.rates(6), applied: schedule.rates(8), last: schedule.at(7) };
};

describe('the packed package in a fresh project', () => {
  it('type-checks under node10 resolution (typesVersions)', () => {
    tsc(
      ...strict,
      '--noEmit',
      '--module',
      'commonjs',
      '--moduleResolution',
      'node10',
      '--esModuleInterop',
      'consumer.ts',
    );
  }, 120_000);

  it('type-checks under bundler resolution (exports)', () => {
    tsc(...strict, '--noEmit', '--module', 'esnext', '--moduleResolution', 'bundler', 'consumer.mts');
  }, 120_000);

  it('compiles under node16 resolution and runs from require and from import', () => {
    tsc(
      ...strict,
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
      '--outDir',
      'out',
      'consumer.cts',
      'consumer.mts',
    );
    for (const file of ['out/consumer.cjs', 'out/consumer.mjs']) {
      const printed = JSON.parse(run(process.execPath, [file])) as Record<string, unknown>;
      expect(printed, file).toMatchObject({
        ...(expected() as object),
        backend: 'cpu',
        svg: true,
        html: true,
        spirals: 15,
        data: 2,
        params: 2,
        smoothed: 2,
        config: 'none',
        root: true,
      });
    }
  }, 120_000);
});
