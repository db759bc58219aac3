/**
 * Debian's classic notebook server (`jupyter-notebook` for /usr/bin/python3) with the tslab kernel, serving a
 * temporary copy of the chapters laid out as in the repository, for the browser check.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jupyterProblem, PYTHON } from '../../lib/notebook/execute-notebook';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser check cannot run here (chromium, playwright-core, the notebook server or tslab missing), if so. */
export function browserCheckProblem(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: apt-get install chromium`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed: npm ci';
  }
  const jupyter = jupyterProblem();
  if (jupyter) return jupyter;
  const probe = spawnSync(PYTHON, ['-c', 'import notebook.notebookapp'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'the classic notebook server is not installed: apt-get install jupyter-notebook';
  return undefined;
}

export interface NotebookServer {
  /** The folder the server serves: the repository's layout, with copies of the chapters in notebooks/. */
  root: string;
  /** An absolute URL on the server for `path` (e.g. 'notebooks/notebooks/01-….ipynb'), with the token. */
  url(path: string): string;
  /** Shuts down the kernel `id` (a chapter's, once it is checked). */
  shutdownKernel(id: string): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts a notebook server on 127.0.0.1 at a free port, with a token, over a temporary folder `<tmp>/repo` that holds
 * copies of the repository's chapters in notebooks/ and links to everything else at the repository's top level
 * (dist, results, node_modules, data, …), and `<tmp>/shared` linking to the repository's ../shared when there is
 * one: the chapters' relative paths ('../dist', '../../shared/data/…') find what they find in the repository, and
 * running them leaves the repository clean. `env` reaches the kernels: they inherit the server's environment.
 */
export async function startNotebookServer(repo: string, env: Record<string, string>): Promise<NotebookServer> {
  const top = mkdtempSync(join(tmpdir(), 'browser-check-'));
  const root = join(top, 'repo');
  mkdirSync(join(root, 'notebooks'), { recursive: true });
  for (const entry of readdirSync(repo)) {
    if (!['notebooks', 'output', '.git'].includes(entry)) symlinkSync(join(repo, entry), join(root, entry));
  }
  for (const file of readdirSync(join(repo, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
    copyFileSync(join(repo, 'notebooks', file), join(root, 'notebooks', file));
  }
  if (existsSync(join(repo, '../shared'))) symlinkSync(join(repo, '../shared'), join(top, 'shared'));

  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const log = join(top, 'server.log');
  const server = spawn(
    PYTHON,
    ['-m', 'notebook', '--no-browser', '--allow-root', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', `--notebook-dir=${root}`, `--NotebookApp.token=${token}`],
    {
      cwd: root,
      env: {
        ...process.env,
        ...env,
        // The kernel runs `tslab` from PATH; its runtime files (connection files, the server's info) stay in `top`.
        PATH: `${join(repo, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`,
        JUPYTER_RUNTIME_DIR: join(top, 'runtime'),
      },
      stdio: ['ignore', openSync(log, 'w'), openSync(log, 'w')],
    },
  );
  const base = `http://127.0.0.1:${port}/`;
  const api = async (path: string, method = 'GET'): Promise<Response> => fetch(`${base}${path}?token=${token}`, { method });
  const stop = async () => {
    await stopProcess(server);
    rmSync(top, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await api('api/status').catch(() => undefined))?.ok === true, 60_000, () => {
      if (server.exitCode !== null) throw new Error(`the notebook server stopped:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    root,
    url: (path) => `${base}${path}?token=${token}`,
    shutdownKernel: async (id) => {
      await api(`api/kernels/${encodeURIComponent(id)}`, 'DELETE');
    },
    stop,
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Waits until `ready()` holds, calling `check()` (which may throw) between tries. */
export async function waitFor(ready: () => Promise<boolean>, timeoutMs: number, check = () => {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    check();
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM (the server then shuts its kernels down), SIGKILL if it is still there after 15 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
