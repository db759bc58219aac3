import { describe, expect, it } from 'vitest';
import { batchLine, emptyHistory, epochLine, sweepMarkdown, sweepRow } from '../../lib/train';
import { decodeCheckpoint, encodeCheckpoint } from '../../lib/train/checkpoint';
import { diverged, divergenceMessage, divergenceReference } from '../../lib/train/divergence';
import { duration, progressBar } from '../../lib/train/progress';

describe('progress text', () => {
  it('draws Keras-like bars and lines', () => {
    expect(progressBar(0, 10, 10)).toBe('[>.........]');
    expect(progressBar(5, 10, 10)).toBe('[=====>....]');
    expect(progressBar(10, 10, 10)).toBe('[==========]');
    expect(duration(42)).toBe('42s');
    expect(duration(187)).toBe('3:07');
    expect(duration(3725)).toBe('1:02:05');
    expect(batchLine(12, 40, 6, { loss: 1.23456, acc: 0.5 })).toBe(
      '12/40 [=========>....................] - ETA: 14s - loss: 1.2346 - acc: 0.5000',
    );
    expect(epochLine(40, 30, { loss: 1.1, lr: 0.0123456 })).toBe(
      '40/40 [==============================] - 30s 750ms/step - loss: 1.1000 - lr: 0.01235',
    );
  });
});

describe('divergence', () => {
  it('flags non-finite losses and losses over 10 × ln(classes), the loss of a uniform guess', () => {
    const ln10 = divergenceReference(10);
    expect(ln10).toBeCloseTo(2.302585, 6);
    expect(diverged(NaN, ln10)).toBe(true);
    expect(diverged(Infinity, ln10)).toBe(true);
    expect(diverged(23.05, ln10)).toBe(true);
    expect(diverged(23.0, ln10)).toBe(false);
    // The run at rate 1000 (losses 480 and more) and the workshop's rate 0.1 (at most 2.55 over 1,410 batches).
    expect(diverged(480, ln10)).toBe(true);
    expect(diverged(2.55, ln10)).toBe(false);
  });

  it('names the schedule, the epoch and the batch (1-based), and the bar with what it is', () => {
    expect(
      divergenceMessage({ schedule: 'none', epoch: 2, batch: 16, batches: 40, loss: NaN, reference: 2.3 }),
    ).toMatch(
      /^The 'none' run diverged at epoch 3, batch 17\/40: loss NaN\. Training stopped; try a lower initial rate/,
    );
    expect(
      divergenceMessage({ schedule: 'none', epoch: 0, batch: 1, batches: 4, loss: 480.9, reference: Math.log(10) }),
    ).toBe(
      "The 'none' run diverged at epoch 1, batch 2/4: loss 480.9 > 23.03, 10 × the loss of a uniform guess over the classes " +
        '(ln(classes) = 2.303, about where training starts). Training stopped; try a lower initial rate (--lr) or a schedule that lowers it sooner.',
    );
  });
});

describe('checkpoint encoding', () => {
  it('round-trips tensors and state', () => {
    const checkpoint = {
      state: {
        configHash: 'abc',
        epoch: 2,
        iteration: 80,
        backend: 'wasm',
        history: { ...emptyHistory(), loss: [2.1, 1.9] },
      },
      model: [{ name: 'w', shape: [2, 2], values: Float32Array.of(1, 2, 3, 4.5) }],
      optimizer: [
        { name: 'iter', shape: [], values: Int32Array.of(80) },
        { name: '#0/velocity', shape: [2, 2], values: Float32Array.of(0, -1, 0.25, 8) },
      ],
    };
    const decoded = decodeCheckpoint(encodeCheckpoint(checkpoint), 'x/checkpoint.bin');
    expect(decoded).toEqual(checkpoint);
    expect(decoded.optimizer[0]!.values).toBeInstanceOf(Int32Array);
  });

  it('refuses a damaged file, saying what to do', () => {
    expect(() => decodeCheckpoint(new Uint8Array(12), 'x/checkpoint.bin')).toThrow(
      /x\/checkpoint.bin is not a readable checkpoint \(no LRCK signature\)\. Delete it/,
    );
  });
});

describe('sweep table', () => {
  it("lists each run's final and best accuracy, time and the article's figure", () => {
    const history = { ...emptyHistory(), val_acc: [0.4, 0.6, 0.55], seconds: [10, 11, 12] };
    const rows = [
      sweepRow(
        { schedule: 'step', seed: 0 },
        { status: 'finished', configHash: 'h', config: {} as never, backend: 'wasm', history, report: null },
        'failed',
      ),
      sweepRow({ schedule: 'poly', seed: 2 }, null, 'failed', 'train exited with status 1'),
    ];
    expect(rows[0]).toMatchObject({
      seed: 0,
      status: 'finished',
      epochs: 3,
      finalAccuracy: 0.55,
      bestAccuracy: 0.6,
      seconds: 33,
      article: 0.868,
    });
    const md = sweepMarkdown(rows);
    expect(md).toContain('| step | 0 | finished | 3 | 55.0 % | 60.0 % | 33 s | 86.8 % |');
    expect(md).toContain('| poly | 2 | failed | 0 | – | – | 0 s | 86.5 % |');
    expect(md).toContain('- poly-seed2: train exited with status 1');
  });
});
