/**
 * `npm run data`: installs CIFAR-10's binary version into data/cifar-10-batches-bin (git-ignored) and checks it.
 *
 * `npm run data -- --help` lists the options and their defaults (`DATA_COMMAND`).
 *
 * Exits with status 1 and a message saying what is wrong when a step fails; nothing partial is left behind.
 */
import { CIFAR10_ARCHIVE, CIFAR10_DEFAULT_DIR, prepareCifar10 } from '../data';
import { type CommandSpec, readCommandLine, runIfMain } from './args';
import { FAILED, OK } from './exit-status';

export const DATA_COMMAND: CommandSpec = {
  command: 'npm run data --',
  summary: `Installs CIFAR-10's binary version into a folder and checks every file (the class counts are printed). Nothing partial is left behind when a step fails.`,
  options: {
    from: {
      value: 'PATH',
      help: 'A local folder holding the .bin files, or a local .tar.gz archive of them',
      shownDefault: `download ${CIFAR10_ARCHIVE.url}, md5-checked`,
    },
    out: { value: 'DIR', help: 'Where to install', default: CIFAR10_DEFAULT_DIR },
  },
  examples: ['npm run data', 'npm run data -- --from ~/Downloads/cifar-10-binary.tar.gz'],
  notes: `Exit status: ${OK} installed and checked, ${FAILED} error (the message says what is wrong and what to do).`,
};

async function main(): Promise<void> {
  const args = readCommandLine(DATA_COMMAND);
  if (args === null) return;
  const { from, out } = args.values;
  const result = await prepareCifar10({ out: out!, from, log: (line) => console.log(line) }); // --out has a default
  console.log(`CIFAR-10 in ${result.dir}: checked.`);
  console.log(['', ...result.classNames].map((c) => c.padStart(11)).join(''));
  console.log(['train', ...result.trainCounts.map(String)].map((c) => c.padStart(11)).join(''));
  console.log(['test', ...result.testCounts.map(String)].map((c) => c.padStart(11)).join(''));
}

runIfMain(module, main, 'npm run data: ');
