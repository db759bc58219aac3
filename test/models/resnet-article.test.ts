import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ModelParameterError,
  paramCounts,
  RESNET_ARTICLE_PRESETS,
  resnetArticle,
  type ResNetArticlePreset,
} from '../../lib/models';
import reference from '../reference/models.json';

const PRESETS = Object.keys(RESNET_ARTICLE_PRESETS) as ResNetArticlePreset[];

function layersOf(model: tf.LayersModel, className: string): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() === className);
}

/** The L2 factor of a layer's kernel regularizer (tfjs' l2 is an L1L2 with l1 = 0), or null without one. */
function l2Of(layer: tf.layers.Layer): number | null {
  const reg = layer.getConfig().kernelRegularizer as
    { className: string; config: { l1: number; l2: number } } | null | undefined;
  if (!reg) return null;
  expect(reg.className).toBe('L1L2');
  expect(reg.config.l1).toBe(0);
  return reg.config.l2;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('resnetArticle parameter counts', () => {
  it('has a PyTorch reference for every preset, and only for those', () => {
    expect(Object.keys(reference.models).sort()).toEqual([...PRESETS].sort());
  });

  for (const preset of PRESETS) {
    it(`${preset}: equals the independent PyTorch build (test/reference/models.json)`, () => {
      const ref = reference.models[preset];
      expect(ref.stages).toEqual(RESNET_ARTICLE_PRESETS[preset].stages);
      expect(ref.filters).toEqual(RESNET_ARTICLE_PRESETS[preset].filters);
      const model = resnetArticle(preset);
      try {
        expect(paramCounts(model)).toEqual({
          total: ref.total,
          trainable: ref.trainable,
          nonTrainable: ref.nonTrainable,
        });
        expect(model.countParams()).toBe(ref.total);
        expect(model.outputs[0]!.shape).toEqual([null, ref.outputShape[1]]);
      } finally {
        model.dispose();
      }
    });
  }
});

describe('resnetArticle structure', () => {
  it('is the article’s graph: layer counts, strides, stage shapes, BN settings, no conv bias', () => {
    const model = resnetArticle('article');
    try {
      // stem + 2 per module + one shortcut per stage; each module's last convolution adds the shortcut (Conv2DAdd)
      const convs = [...layersOf(model, 'Conv2D'), ...layersOf(model, 'Conv2DAdd')];
      expect(convs).toHaveLength(1 + 3 * 27 + 3);
      expect(layersOf(model, 'Conv2DAdd')).toHaveLength(27);
      expect(layersOf(model, 'Add')).toHaveLength(0);
      // the input BN, then BN-ReLU: 3 per module and the final one
      expect(layersOf(model, 'BatchNormalization')).toHaveLength(1);
      expect(layersOf(model, 'BatchNormReLU')).toHaveLength(3 * 27 + 1);
      expect(layersOf(model, 'Activation')).toHaveLength(1); // the softmax
      const bns = [...layersOf(model, 'BatchNormalization'), ...layersOf(model, 'BatchNormReLU')];
      for (const layer of bns) {
        const config = layer.getConfig();
        expect(config.epsilon).toBe(2e-5);
        expect(config.momentum).toBe(0.9);
      }
      for (const layer of convs) expect(layer.getConfig().useBias).toBe(false);
      const strided = convs.filter((layer) => (layer.getConfig().strides as number[])[0] === 2);
      // the 3×3 and the shortcut of the first module of stages 2 and 3
      expect(strided.map((layer) => (layer.getConfig().kernelSize as number[])[0]).sort()).toEqual([1, 1, 3, 3]);
      const adds = layersOf(model, 'Conv2DAdd').map((layer) => layer.outputShape);
      expect(adds[0]).toEqual([null, 32, 32, 64]);
      expect(adds[8]).toEqual([null, 32, 32, 64]);
      expect(adds[9]).toEqual([null, 16, 16, 128]);
      expect(adds[18]).toEqual([null, 8, 8, 256]);
      expect(adds[26]).toEqual([null, 8, 8, 256]);
      expect(layersOf(model, 'AveragePooling2D')[0]!.outputShape).toEqual([null, 1, 1, 256]);
      const [dense] = layersOf(model, 'Dense');
      expect(dense!.getConfig().useBias).toBe(true);
      expect(dense!.outputShape).toEqual([null, 10]);
    } finally {
      model.dispose();
    }
  });

  it('wires each module as the original: pre-activation branch, shortcut from the first BN-ReLU or the input', () => {
    const model = resnetArticle('small');
    try {
      const inputsOf = (layer: tf.layers.Layer): tf.layers.Layer[] => layer.inboundNodes[0]!.inboundLayers;
      const back = (layer: tf.layers.Layer, steps: number): tf.layers.Layer =>
        steps === 0 ? layer : back(inputsOf(layer)[0]!, steps - 1);
      const lastConvs = layersOf(model, 'Conv2DAdd');
      expect(lastConvs).toHaveLength(6);
      let previous: tf.layers.Layer = layersOf(model, 'Conv2D')[0]!; // the stem convolution
      lastConvs.forEach((conv3, m) => {
        // conv3 + shortcut (one Conv2DAdd layer) ← BN-ReLU ← conv2 ← BN-ReLU ← conv1 ← BN-ReLU (act1) ← the input
        const [, shortcut] = inputsOf(conv3);
        expect([0, 1, 2, 3, 4, 5].map((k) => back(conv3, k).getClassName())).toEqual([
          'Conv2DAdd',
          'BatchNormReLU',
          'Conv2D',
          'BatchNormReLU',
          'Conv2D',
          'BatchNormReLU',
        ]);
        expect(back(conv3, 6)).toBe(previous);
        const act1 = back(conv3, 5);
        if (m % 2 === 0) {
          // the first module of a stage: a 1×1 convolution of act1, not of the module's input
          expect(shortcut!.getClassName()).toBe('Conv2D');
          expect(inputsOf(shortcut!)[0]).toBe(act1);
        } else {
          expect(shortcut).toBe(previous);
        }
        previous = conv3;
      });
    } finally {
      model.dispose();
    }
  });

  it('regularizes as the original: reg on the first conv and the dense layer, 0.0001 inside the modules', () => {
    const model = resnetArticle('tiny');
    try {
      const [stem, ...body] = [...layersOf(model, 'Conv2D'), ...layersOf(model, 'Conv2DAdd')];
      expect(l2Of(stem!)).toBeCloseTo(0.0005, 12);
      expect(l2Of(layersOf(model, 'Dense')[0]!)).toBeCloseTo(0.0005, 12);
      expect(body).toHaveLength(3 * 6 + 3);
      for (const layer of body) expect(l2Of(layer)).toBeCloseTo(0.0001, 12);
    } finally {
      model.dispose();
    }
    const custom = resnetArticle({ ...RESNET_ARTICLE_PRESETS.tiny, reg: 0, moduleReg: 0.002 });
    try {
      const [stem, ...body] = [...layersOf(custom, 'Conv2D'), ...layersOf(custom, 'Conv2DAdd')];
      expect(body).toHaveLength(3 * 6 + 3);
      expect(l2Of(stem!)).toBeNull();
      expect(l2Of(layersOf(custom, 'Dense')[0]!)).toBeNull();
      for (const layer of body) expect(l2Of(layer)).toBeCloseTo(0.002, 12);
    } finally {
      custom.dispose();
    }
  });

  it('runs a forward pass on a batch of 2 on the cpu backend (tiny preset) without leaking tensors', () => {
    const model = resnetArticle('tiny');
    try {
      const before = tf.memory().numTensors;
      const probs = tf.tidy(() => {
        const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 7);
        return (model.predict(x) as tf.Tensor).arraySync() as number[][];
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(probs).toHaveLength(2);
      for (const row of probs) {
        expect(row).toHaveLength(10);
        expect(row.every((p) => p > 0 && p < 1)).toBe(true);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    } finally {
      model.dispose();
    }
  });

  it('trains: one SGD step on a batch of 2 gives a finite loss and changes the weights (tiny preset)', async () => {
    const model = resnetArticle('tiny');
    try {
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
      const xs = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3);
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 7], 'int32'), 10).toFloat());
      const kernel = model.getWeights()[2]!; // the first convolution's kernel (after the input BN's γ and β)
      expect(kernel.shape).toEqual([3, 3, 3, 16]);
      const before = kernel.dataSync().slice();
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      expect(Number.isFinite(loss)).toBe(true);
      expect(model.getWeights()[2]!.dataSync()).not.toEqual(before);
      tf.dispose([xs, ys]);
    } finally {
      model.dispose();
    }
  });

  it('takes other input sizes and class counts', () => {
    const model = resnetArticle({ stages: [1, 1], filters: [8, 8, 16], inputShape: [16, 16, 1], classes: 4 });
    try {
      expect(model.inputs[0]!.shape).toEqual([null, 16, 16, 1]);
      expect(model.outputs[0]!.shape).toEqual([null, 4]);
      expect(layersOf(model, 'AveragePooling2D')[0]!.outputShape).toEqual([null, 1, 1, 16]);
    } finally {
      model.dispose();
    }
  });
});

describe('resnetArticle errors', () => {
  it('names the bad option, its allowed range and the value', () => {
    expect(() => resnetArticle('huge' as ResNetArticlePreset)).toThrow(
      /the preset must be one of 'article', 'small', 'tiny', 'shallow' \(got 'huge'\)/,
    );
    expect(() => resnetArticle({ stages: [1, 1, 1], filters: [16, 16, 32] })).toThrow(ModelParameterError);
    expect(() => resnetArticle({ stages: [1, 1, 1], filters: [16, 16, 32] })).toThrow(
      /filters must be a list of 4 numbers/,
    );
    expect(() => resnetArticle({ stages: [1, 0, 1], filters: [16, 16, 32, 64] })).toThrow(
      /stages must be a non-empty list of integers ≥ 1 \(got \[1, 0, 1\]\)/,
    );
    expect(() => resnetArticle({ stages: [1], filters: [16, 2] })).toThrow(/filters\[1\] must be an integer ≥ 4/);
    expect(() => resnetArticle({ ...RESNET_ARTICLE_PRESETS.tiny, reg: -1 })).toThrow(
      /reg must be a finite number ≥ 0 \(got -1\)/,
    );
    expect(() => resnetArticle({ ...RESNET_ARTICLE_PRESETS.tiny, bnMom: 1 })).toThrow(/bnMom must be in \[0, 1\)/);
    expect(() => resnetArticle({ stages: [1, 1, 1, 1], filters: [16, 16, 32, 64, 128] })).toThrow(
      /inputShape must be at least 8 × 8 after the 3 stride-2 stage\(s\).*It is 4 × 4 there/,
    );
  });
});
