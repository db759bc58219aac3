import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parentServerRoot, servedPath } from '../../lib/notebook/jupyter-server';

const dir = mkdtempSync(join(tmpdir(), 'jupyter-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text = '') => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

describe('parentServerRoot', () => {
  const runtime = join(dir, 'runtime');
  write('runtime/nbserver-111.json', JSON.stringify({ notebook_dir: '/srv/classic', pid: 111, token: 'x' }));
  write('runtime/jpserver-222.json', JSON.stringify({ root_dir: '/srv/lab', pid: 222 }));
  const argv = [
    '/usr/bin/node',
    '/x/node_modules/.bin/tslab',
    'kernel',
    '--config-path',
    join(runtime, 'kernel-0a1b.json'),
  ];

  it("reads the root folder of the server whose process started the kernel: the classic notebook's or jupyter_server's", () => {
    expect(parentServerRoot({ JPY_PARENT_PID: '111' }, argv)).toBe('/srv/classic');
    expect(parentServerRoot({ JPY_PARENT_PID: '222' }, argv)).toBe('/srv/lab');
  });

  it('finds none when the parent process is no server (nbconvert) or the kernel was not started by Jupyter', () => {
    expect(parentServerRoot({ JPY_PARENT_PID: '333' }, argv)).toBeUndefined();
    expect(parentServerRoot({}, argv)).toBeUndefined();
    expect(parentServerRoot({ JPY_PARENT_PID: '111' }, argv.slice(0, 3))).toBeUndefined();
    expect(parentServerRoot({ JPY_PARENT_PID: '../111' }, argv)).toBeUndefined();
  });
});

describe('servedPath', () => {
  const file = 'node_modules/plotly.js-dist-min/plotly.min.js';
  write(`repo/${file}`);
  write('repo/notebooks/deeper/x.ipynb');
  write(`repo/.hidden/${file}`);
  write('repo/.hidden/notebooks/x.ipynb');
  write('my repo/notebooks/x.ipynb');
  write('elsewhere/plotly.min.js');
  write('home/.cache/node_modules/plotly.min.js');
  write('home/.cache/notebooks/x.ipynb');
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'my repo/node_modules'));
  const repo = join(dir, 'repo');

  it('finds the file in the notebook folder or a folder above it, inside the root, as a files/ URL path', () => {
    expect(servedPath(repo, join(repo, 'notebooks'), file)).toBe('files/node_modules/plotly.js-dist-min/plotly.min.js');
    expect(servedPath(repo, join(repo, 'notebooks/deeper'), file)).toBe(
      'files/node_modules/plotly.js-dist-min/plotly.min.js',
    );
    expect(servedPath(dir, join(repo, 'notebooks'), file)).toBe(
      'files/repo/node_modules/plotly.js-dist-min/plotly.min.js',
    );
  });

  it('encodes the URL path, and follows a symlinked folder as the server does', () => {
    expect(servedPath(dir, join(dir, 'my repo/notebooks'), 'node_modules/plotly.min.js')).toBe(
      'files/my%20repo/node_modules/plotly.min.js',
    );
  });

  it('finds none outside the root (a server rooted in notebooks/), or below a hidden folder, which servers refuse', () => {
    expect(servedPath(join(repo, 'notebooks'), join(repo, 'notebooks'), file)).toBeUndefined();
    expect(servedPath(join(repo, 'notebooks'), repo, file)).toBeUndefined();
    expect(servedPath(dir, join(repo, '.hidden/notebooks'), file)).toBe(
      'files/repo/node_modules/plotly.js-dist-min/plotly.min.js',
    );
    expect(servedPath(join(repo, '.hidden'), join(repo, '.hidden/notebooks'), file)).toBe(
      'files/node_modules/plotly.js-dist-min/plotly.min.js',
    );
    expect(
      servedPath(join(dir, 'home'), join(dir, 'home/.cache/notebooks'), 'node_modules/plotly.min.js'),
    ).toBeUndefined();
    expect(servedPath(dir, join(repo, 'notebooks'), 'nowhere.js')).toBeUndefined();
  });
});
