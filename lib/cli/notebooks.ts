/**
 * `npm run notebooks`: executes every notebook in notebooks/ headlessly and writes, into output/notebooks/, the
 * executed notebook and a static HTML copy a teacher can open in a browser (figures stay interactive offline).
 *
 *   npm run notebooks [-- NAME …]   (names or paths of notebooks; default: all; --help: `NOTEBOOKS_COMMAND`)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, readCommandLine, runIfMain } from './args';
import { FAILED, OK } from './exit-status';
import { executeNotebook, jupyterProblem } from '../notebook/execute-notebook';

const OUT = 'output/notebooks';

export const NOTEBOOKS_COMMAND: CommandSpec = {
  command: 'npm run notebooks --',
  summary: `Executes notebooks from notebooks/ headlessly (Jupyter with the tslab kernel) and writes each executed notebook and a static HTML copy into ${OUT}/.`,
  options: {},
  positionals: '[NAME …]',
  examples: ['npm run notebooks', 'npm run notebooks -- 03-step-decay'],
  notes: `NAME: part of a notebook's file name, or its path (default: every notebook).\nExit status: ${OK} all executed, ${FAILED} error.`,
};

function main(): void {
  const args = readCommandLine(NOTEBOOKS_COMMAND);
  if (args === null) return;
  const problem = jupyterProblem();
  if (problem) throw new Error(problem);
  const wanted = args.positionals;
  const all = readdirSync('notebooks')
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort();
  const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w.replace(/^notebooks\//, '')))) : all;
  if (!chosen.length)
    throw new Error(`No notebook matches ${wanted.join(', ')}; the notebooks are: ${all.join(', ')}.`);
  for (const file of chosen) {
    const started = Date.now();
    executeNotebook(join('notebooks', file), OUT, { html: true });
    console.log(
      `${file}: executed in ${((Date.now() - started) / 1000).toFixed(0)} s → ${join(OUT, file.replace(/\.ipynb$/, '.html'))}`,
    );
  }
}

runIfMain(module, main);
