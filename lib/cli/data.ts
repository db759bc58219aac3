/**
 * `npm run data`: installs CIFAR-10's binary version into data/cifar-10-batches-bin (git-ignored) and checks it.
 *
 *   npm run data                         download cifar-10-binary.tar.gz from the data set's home page, check its md5
 *   npm run data -- --from PATH          use a local folder holding the .bin files, or a local .tar.gz archive
 *   npm run data -- --out DIR            install elsewhere (default data/cifar-10-batches-bin)
 *
 * Exits with status 1 and a message saying what is wrong when a step fails; nothing partial is left behind.
 */
import { parseArgs } from 'node:util';
import { CIFAR10_DEFAULT_DIR, prepareCifar10 } from '../data';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      out: { type: 'string', default: CIFAR10_DEFAULT_DIR },
    },
  });
  const result = await prepareCifar10({ out: values.out, from: values.from, log: (line) => console.log(line) });
  console.log(`CIFAR-10 in ${result.dir}: checked.`);
  console.log(['', ...result.classNames].map((c) => c.padStart(11)).join(''));
  console.log(['train', ...result.trainCounts.map(String)].map((c) => c.padStart(11)).join(''));
  console.log(['test', ...result.testCounts.map(String)].map((c) => c.padStart(11)).join(''));
}

main().catch((error: unknown) => {
  console.error(`npm run data: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
