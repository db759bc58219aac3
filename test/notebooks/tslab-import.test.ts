import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const PYTHON = '/usr/bin/python3';

/** Whether Debian's Jupyter (nbconvert) and the tslab kernel are installed, as .ci/run installs them. */
function jupyterReady(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import nbconvert, jupyter_client; jupyter_client.kernelspec.get_kernel_spec("tslab")']);
  return probe.status === 0;
}

const ready = existsSync(PYTHON) && jupyterReady();
if (!ready && process.env['CI']) {
  throw new Error('Jupyter with the tslab kernel is missing: .ci/run installs it (Debian jupyter-notebook, python3-nbconvert, `npx tslab install`).');
}

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

describe.skipIf(!ready)('the built library under the tslab kernel', () => {
  it('imports dist/ from a notebook in notebooks/ and trains with a scheduler', () => {
    // tslab compiles cells with rootDir = the notebook's folder, so a notebook imports the build, not lib/.
    const path = join(ROOT, 'notebooks', `.tslab-import-${process.pid}.ipynb`);
    const out = mkdtempSync(join(tmpdir(), 'tslab-'));
    writeFileSync(path, notebook([
      "import { KerasDecay, LearningRateScheduler, StepDecay } from '../dist';\n" +
        'const decay = new KerasDecay({ initialLr: 0.01, decay: 0.01 / 40 });\n' +
        'console.log(decay.describe(), decay.at(782).toFixed(5));',
      "import * as tf from '@tensorflow/tfjs';\n" +
        "await tf.setBackend('cpu');\n" +
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });\n" +
        "model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });\n" +
        'const step = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 1 });\n' +
        'const history = await model.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler(step)] });\n' +
        "console.log('lr', JSON.stringify(history.history.lr));",
    ]));
    try {
      const run = spawnSync(
        PYTHON,
        ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120', '--output-dir', out, path],
        { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      const executed = JSON.parse(readFileSync(join(out, `.tslab-import-${process.pid}.ipynb`), 'utf8'));
      const text = (i: number): string =>
        executed.cells[i].outputs.map((o: { text?: string | string[] }) => [o.text ?? ''].flat().join('')).join('');
      expect(text(0)).toContain('KerasDecay(initialLr=0.01, decay=0.00025) per iteration 0.00836');
      // The article's step decay drops at the end of each dropEvery-th epoch: with dropEvery 1, from epoch 0 on.
      expect(text(1)).toContain('lr [0.05,0.025,0.0125]');
    } finally {
      rmSync(path, { force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
