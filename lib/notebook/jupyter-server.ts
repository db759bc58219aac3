/**
 * Finding the Jupyter server a kernel runs under, and where it serves a file, so that notebook outputs can load a
 * large script (plotly.js) from the server instead of carrying a copy of it.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * The root folder of the Jupyter server that started this kernel process — the classic notebook (`nbserver-<pid>.json`)
 * or jupyter_server, which JupyterLab and Notebook 7 run on (`jpserver-<pid>.json`) — or undefined when no server
 * did (nbconvert, papermill, an editor's own kernel runner). Jupyter starts a kernel with `JPY_PARENT_PID` set to
 * its own process id and the kernel's connection file (`kernel-….json`, an argument of the kernel's command) in its
 * runtime folder, where each server writes its root folder into a file named after its process id.
 */
export function parentServerRoot(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv,
): string | undefined {
  const parent = env['JPY_PARENT_PID'];
  const connection = argv.find((arg) => /(^|[/\\])kernel-[^/\\]*\.json$/.test(arg));
  if (!parent || !/^\d+$/.test(parent) || !connection) return undefined;
  for (const kind of ['nbserver', 'jpserver']) {
    const file = join(dirname(connection), `${kind}-${parent}.json`);
    if (!existsSync(file)) continue;
    const info = JSON.parse(readFileSync(file, 'utf8')) as { root_dir?: unknown; notebook_dir?: unknown };
    const root = info.root_dir ?? info.notebook_dir;
    return typeof root === 'string' ? root : undefined;
  }
  return undefined;
}

/**
 * The URL path, relative to the server's base URL, under which a Jupyter server whose root folder is `root` serves
 * `file` (a relative path such as `node_modules/plotly.js-dist-min/plotly.min.js`), looked up the way node looks
 * up packages: in the folder `from` (the kernel's working folder, the notebook's) and each folder above it, up to
 * the root. Undefined when none of them inside the root holds the file, or the path has a hidden folder (which the
 * server refuses to serve).
 */
export function servedPath(root: string, from: string, file: string): string | undefined {
  const top = realpathSync(root);
  let dir = realpathSync(from);
  const below = relative(top, dir);
  if (isAbsolute(below) || below.split(sep)[0] === '..') return undefined;
  for (;;) {
    const parts = relative(top, join(dir, file)).split(sep);
    if (existsSync(join(dir, file)) && !parts.some((part) => part.startsWith('.'))) {
      return ['files', ...parts].map(encodeURIComponent).join('/');
    }
    if (dir === top) return undefined;
    dir = dirname(dir);
  }
}
