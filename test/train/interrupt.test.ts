import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resumeCommand, shellWords, StopPoint } from '../../lib/cli/interrupt';
import { writeFileAtomic } from '../../lib/train';
import { tempDir } from './helpers';

describe('the resume command', () => {
  it('quotes for a POSIX shell exactly the words that need it', () => {
    const args = [
      '--model',
      '{"stages":[1],"filters":[8,16]}',
      '--out',
      "output/train/it's here",
      '--lr',
      '0.1',
      '--data',
      '../d/x-1.bin',
    ];
    expect(resumeCommand('train', args)).toBe(
      `npm run train -- --model '{"stages":[1],"filters":[8,16]}' --out 'output/train/it'\\''s here' --lr 0.1 --data ../d/x-1.bin`,
    );
    expect(resumeCommand('train', [])).toBe('npm run train');
    // The shell gives back the same words.
    const echoed = spawnSync('/bin/sh', ['-c', `printf '%s\\n' ${shellWords(args)}`], { encoding: 'utf8' });
    expect(echoed.stdout).toBe(args.map((a) => `${a}\n`).join(''));
  });
});

describe('StopPoint', () => {
  const start = { kind: 'start', schedule: 'linear', epoch: 0, epochs: 5, batches: 282, backend: 'wasm' } as const;
  const entry = { loss: 2, acc: 0.2, val_loss: 2, val_acc: 0.2, lr: 0.1, seconds: 1 };

  it('says in which epoch and batch a run stopped and which epochs its folder keeps', () => {
    const stop = new StopPoint();
    expect(stop.describe('out')).toBe('before training started (out is as it was)');
    stop.follow(start);
    expect(stop.describe('out')).toBe("before epoch 1/5 of the 'linear' run; no epoch is saved yet in out");
    stop.follow({ kind: 'epoch-begin', epoch: 0, epochs: 5 });
    expect(stop.describe('out')).toBe(
      "during epoch 1/5 (batch 0/282) of the 'linear' run; no epoch is saved yet in out",
    );
    stop.follow({ kind: 'epoch-end', epoch: 0, epochs: 5, batches: 282, entry });
    expect(stop.describe('out')).toBe("after epoch 1/5 of the 'linear' run; epoch 1 is saved in out");
    stop.follow({ kind: 'epoch-end', epoch: 1, epochs: 5, batches: 282, entry });
    stop.follow({ kind: 'epoch-begin', epoch: 2, epochs: 5 });
    stop.follow({ kind: 'batch', epoch: 2, batch: 119, batches: 282, seconds: 30, loss: 1.5, acc: 0.4 });
    expect(stop.describe('output/train/linear')).toBe(
      "during epoch 3/5 (batch 120/282) of the 'linear' run; epochs 1–2 are saved in output/train/linear",
    );
  });

  it('counts the epochs a resumed run started with as saved', () => {
    const stop = new StopPoint();
    stop.follow({ ...start, epoch: 3 });
    expect(stop.describe('out')).toBe("after epoch 3/5 of the 'linear' run; epochs 1–3 are saved in out");
  });
});

describe('writeFileAtomic', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('replaces the file whole and leaves no temporary file, also when it fails', () => {
    const temp = tempDir('atomic');
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'result.json');
    writeFileAtomic(path, 'one');
    writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    mkdirSync(join(temp.dir, 'taken'));
    expect(() => writeFileAtomic(join(temp.dir, 'taken'), 'x')).toThrow(); // renaming a file over a folder fails
    expect(readdirSync(temp.dir).sort()).toEqual(['result.json', 'taken']);
  });
});
