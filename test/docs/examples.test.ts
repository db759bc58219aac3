/**
 * Every `@example` in the library's doc comments is type-checked and run. An example is the body of an async
 * function with the root exports (`lib/index.ts`), `tf` (@tensorflow/tfjs, on the cpu backend), `assert`
 * (node:assert/strict), `fs` (node:fs) and `notebookOutputs` in scope, run in an empty temporary working folder (for the files it
 * writes); it checks what it shows with `assert`. The public classes and functions of every entry point (package.json
 * `exports`) must each carry one.
 *
 * The notebook helpers display through tslab's display API, which hands each output to the kernel's current cell
 * (`lastWriteDisplayData` in tslab's jupyter module, set by the kernel for every cell it runs). Here that hand-off
 * records the outputs instead, and `notebookOutputs()` returns those of the running example: what tslab would have
 * sent the notebook, produced by tslab's own display code.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as library from '../../lib';

const LIB = join(__dirname, '../../lib');

/** The entry points (package.json `exports`) as lib/ paths: '.' → lib/index.ts, './x' → lib/x/index.ts. */
const entryPoints = Object.keys(
  (
    JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    }
  ).exports,
)
  .filter((key) => key !== './package.json')
  .map((key) => join(LIB, key, 'index.ts'));

/** One output a notebook helper displayed: its HTML, and whether it replaces the output `id` shown before. */
interface NotebookOutput {
  html: string;
  id: string | undefined;
  update: boolean;
}

let outputs: NotebookOutput[] = [];
/** tslab's module that holds the kernel's writer for the current cell (the same instance the library's display uses). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module instance the library's display resolves from lib/
const tslabJupyter = require(require.resolve('tslab/dist/jupyter', { paths: [LIB] })) as {
  lastWriteDisplayData:
    ((message: { data: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void) | null;
};
/** The outputs the running example's notebook helpers displayed, oldest first. */
const notebookOutputs = (): NotebookOutput[] => [...outputs];

/** The type-only names the entry points export (`export { type X }`), for the examples' type check. */
const typeNames = (readdirSync(LIB, { recursive: true }) as string[])
  .filter((f) => f.endsWith('index.ts'))
  .flatMap((f) => [...readFileSync(join(LIB, f), 'utf8').matchAll(/\btype (\w+)\b(?! =)/g)].map((m) => m[1]!));

/** One `@example` block: where it is, what it documents, its code. */
interface Example {
  file: string;
  owner: string;
  code: string;
}

/** The text of a doc comment without its delimiters and leading asterisks. */
function commentText(raw: string): string[] {
  return raw
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
}

/** The @example blocks of a doc comment: from the tag to the next tag or the end. */
function exampleBlocks(raw: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const line of commentText(raw)) {
    if (/^@\w+/.test(line)) {
      if (current) blocks.push(current.join('\n').trim());
      current = line.startsWith('@example') ? [line.slice('@example'.length)] : null;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) blocks.push(current.join('\n').trim());
  return blocks;
}

/** The exported classes and functions of every file under lib/, with their doc comments' examples. */
function scan(): { examples: Example[]; documented: Map<string, number> } {
  const examples: Example[] = [];
  const documented = new Map<string, number>();
  const files = (readdirSync(LIB, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(LIB, f));
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const statement of source.statements) {
      if (!(ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) || !statement.name) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const owner = statement.name.text;
      const blocks = ts
        .getJSDocCommentsAndTags(statement)
        .filter(ts.isJSDoc)
        .flatMap((doc) => exampleBlocks(doc.getText()));
      documented.set(owner, (documented.get(owner) ?? 0) + blocks.length);
      for (const code of blocks) examples.push({ file: relative(LIB, file), owner, code });
    }
  }
  return { examples, documented };
}

const { examples, documented } = scan();
const scope = { ...library, tf, assert, fs, notebookOutputs };
const names = Object.keys(scope);

/** Type-checks every example at once, as bodies of async functions in a virtual file beside this test. */
function typeErrors(): string[] {
  const file = join(__dirname, '__examples__.ts');
  const text = [
    "import * as tf from '@tensorflow/tfjs';",
    "import assert from 'node:assert/strict';",
    "import * as fs from 'node:fs';",
    `import { ${Object.keys(library).join(', ')} } from '../../lib';`,
    `import type { ${[...new Set(typeNames)].join(', ')} } from '../../lib';`,
    'declare function notebookOutputs(): { html: string; id: string | undefined; update: boolean }[];',
    ...examples.map((e, i) => `export async function example${i}(): Promise<void> {\n${e.code}\n}`),
  ].join('\n');
  const config = ts.getParsedCommandLineOfConfigFile(
    join(__dirname, '../../tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const options = { ...config.options, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, text, language) : read(name, language, ...rest);
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file)!;
  return ts.getPreEmitDiagnostics(program, sourceFile).map((d) => {
    const line = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line;
    const owner =
      examples[
        Number(
          /example(\d+)/.exec(
            text
              .split('\n')
              .slice(0, line + 1)
              .reverse()
              .find((l) => /^export async function example\d+/.test(l)) ?? '',
          )?.[1],
        )
      ];
    return `${owner ? `${owner.file} ${owner.owner}` : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  tslabJupyter.lastWriteDisplayData = ({ data, transient }, update) => {
    outputs.push({ html: String(data['text/html']), id: transient.display_id, update: update === true });
  };
});
afterAll(() => {
  tslabJupyter.lastWriteDisplayData = null;
});

const home = process.cwd();
let folder = '';
beforeEach(() => {
  outputs = [];
  folder = mkdtempSync(join(tmpdir(), 'lr-schedules-example-'));
  process.chdir(folder);
});
afterEach(() => {
  process.chdir(home);
  rmSync(folder, { recursive: true, force: true });
});

describe('@example blocks', () => {
  it('the public classes and functions of every entry point each have one', async () => {
    const isError = (value: unknown): boolean => typeof value === 'function' && value.prototype instanceof Error;
    const modules = (await Promise.all(entryPoints.map((path) => import(path)))) as Record<string, unknown>[];
    expect(modules.length).toBeGreaterThanOrEqual(11);
    const missing = modules
      .flatMap((module) => Object.entries(module))
      .filter(([, value]) => typeof value === 'function' && !isError(value))
      .map(([name]) => name)
      .filter((name) => !(documented.get(name)! > 0));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('type-check', () => {
    expect(typeErrors()).toEqual([]);
  }, 120_000);

  it.each(examples.map((e) => [`${e.file} ${e.owner}`, e] as const))('%s runs', async (_name, example) => {
    const { code } = transformSync(`async function example() {\n${example.code}\n}`, {
      loader: 'ts',
      target: 'es2022',
    });
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the examples is what this test is for
    const run = new Function(...names, `${code}\nreturn example();`) as (...args: unknown[]) => Promise<void>;
    await run(...names.map((name) => scope[name as keyof typeof scope]));
  });
});
