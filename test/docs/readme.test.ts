/**
 * The README's "Install and use" section and its commands' help: each subsection's `ts` snippets (Node, Browser,
 * Notebook: the notebook's cells together) type-check against the library, every `lr-schedules/<entry>` import
 * resolved to lib/<entry>, under `strict` as a consumer's project would (as test/package does); and the Commands
 * section holds each command's `--help` text as the command prints it (the benchmark's from its build,
 * bench/train-resnet.js, which `npm test` makes first).
 * (Running the snippets needs the packed package, a browser and Jupyter: see test/package and test/browser.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../lib/cli/args';
import { DATA_COMMAND } from '../../lib/cli/data';
import { NOTEBOOKS_COMMAND } from '../../lib/cli/notebooks';
import { SCHEDULES_COMMAND } from '../../lib/cli/schedules';
import { SWEEP_COMMAND } from '../../lib/cli/sweep';
import { TRAIN_COMMAND } from '../../lib/cli/train';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of the README section that starts with `heading`, up to the next heading of its level or above. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no '${heading}'`);
  const level = /^#+/.exec(heading)![0].length;
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The `ts` code blocks of a README section, joined in order. */
function snippets(text: string): string {
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).join('\n');
}

/** The type errors of `code` as one ES module, with `lr-schedules` mapped to lib/ and the DOM's types in scope. */
function typeErrors(name: string, code: string): string[] {
  const file = join(__dirname, `__readme_${name}__.ts`);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: ROOT,
    paths: { 'lr-schedules': ['lib/index.ts'], 'lr-schedules/*': ['lib/*/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language, ...rest) =>
    path === file ? ts.createSourceFile(path, code, language) : read(path, language, ...rest);
  host.fileExists = (
    (exists) => (path: string) =>
      path === file || exists(path)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('README.md', () => {
  const install = section(README, '## Install and use');

  it.each(['Node', 'Browser', 'Notebook'])(
    'Install and use, %s: the snippets type-check against the library',
    (name) => {
      const code = snippets(section(install, `### ${name}`));
      expect(code).toMatch(/from 'lr-schedules(\/\w+)?'/);
      expect(typeErrors(name.toLowerCase(), code)).toEqual([]);
    },
    60_000,
  );

  it.each([
    ['train', TRAIN_COMMAND],
    ['sweep', SWEEP_COMMAND],
    ['data', DATA_COMMAND],
    ['schedules', SCHEDULES_COMMAND],
    ['notebooks', NOTEBOOKS_COMMAND],
  ] as const)('Commands: the help of %s, as the command prints it', (name, spec) => {
    const shown = section(README, '## Commands');
    expect(shown).toContain(
      `<summary><code>npm run ${name} -- --help</code></summary>\n\n\`\`\`text\n${helpText(spec)}\n\`\`\``,
    );
  });

  it('Commands: the help of bench, as bench/train-resnet.js prints it', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bench/train-resnet.js'), '--help'], { encoding: 'utf8' });
    expect(run.status, `${run.stderr} (npm run build compiles the benchmark)`).toBe(0);
    const shown = section(README, '## Commands');
    expect(shown).toContain(
      `<summary><code>npm run bench -- --help</code></summary>\n\n\`\`\`text\n${run.stdout.trimEnd()}\n\`\`\``,
    );
  });
});
