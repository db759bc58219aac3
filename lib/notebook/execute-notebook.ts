/**
 * Runs a notebook headlessly through Jupyter (Debian's nbconvert for /usr/bin/python3) and the tslab kernel.
 * Used by the `notebooks` command (lib/cli/notebooks.ts) and the notebook tests; not part of the `notebook` entry
 * point, whose helpers run inside a kernel, where this drives Jupyter from outside.
 */
import { spawnSync } from 'node:child_process';
import { basename, dirname, join, resolve } from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** Whether nbconvert and the tslab kernel are installed (see .ci/run), or why not. */
export function jupyterProblem(): string | undefined {
  const probe = spawnSync(
    PYTHON,
    ['-c', 'import nbconvert, jupyter_client; jupyter_client.kernelspec.get_kernel_spec("tslab")'],
    { encoding: 'utf8' },
  );
  if (probe.error) return `${PYTHON} is missing`;
  if (probe.status !== 0) {
    return (
      'Jupyter with the tslab kernel is not installed: apt-get install jupyter-notebook python3-nbconvert ' +
      'python3-nbclient python3-ipykernel, then npx tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab"'
    );
  }
  return undefined;
}

/**
 * Executes `notebook` and writes the executed copy as `outDir/<name>.ipynb` (and `<name>.html` with `html`).
 * Returns the executed notebook's path; throws with nbconvert's message when a cell fails.
 */
export function executeNotebook(notebook: string, outDir: string, { html = false, timeoutSeconds = 600 } = {}): string {
  const out = resolve(outDir);
  const name = basename(notebook, '.ipynb');
  const env = { ...process.env, PATH: `${resolve('node_modules/.bin')}:${process.env['PATH'] ?? ''}` };
  const run = (args: string[]) => {
    const result = spawnSync(PYTHON, ['-m', 'nbconvert', ...args], {
      cwd: dirname(resolve(notebook)),
      env,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (result.status !== 0) throw new Error(`${notebook}: nbconvert failed\n${result.stderr.slice(-4000)}`);
  };
  run([
    '--to',
    'notebook',
    '--execute',
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
    '--output-dir',
    out,
    '--output',
    name,
    resolve(notebook),
  ]);
  const executed = join(out, `${name}.ipynb`);
  if (html) run(['--to', 'html', '--output-dir', out, executed]);
  return executed;
}
