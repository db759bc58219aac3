/**
 * `npm run notebooks`: executes every notebook in notebooks/ headlessly and writes, into output/notebooks/, the
 * executed notebook and a static HTML copy a teacher can open in a browser (figures stay interactive offline).
 *
 *   npm run notebooks [-- NAME …]   (names or paths of notebooks; default: all)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { executeNotebook, jupyterProblem } from './execute-notebook';

const OUT = 'output/notebooks';

function main(): void {
  const problem = jupyterProblem();
  if (problem) throw new Error(problem);
  const wanted = process.argv.slice(2);
  const all = readdirSync('notebooks').filter((f) => f.endsWith('.ipynb') && !f.startsWith('.')).sort();
  const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.includes(w.replace(/^notebooks\//, '')))) : all;
  if (!chosen.length) throw new Error(`No notebook matches ${wanted.join(', ')}; the notebooks are: ${all.join(', ')}.`);
  for (const file of chosen) {
    const started = Date.now();
    executeNotebook(join('notebooks', file), OUT, { html: true });
    console.log(`${file}: executed in ${((Date.now() - started) / 1000).toFixed(0)} s → ${join(OUT, file.replace(/\.ipynb$/, '.html'))}`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
