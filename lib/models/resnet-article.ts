/**
 * The article's ResNet: pyimagesearch's `ResNet.build` (Deep Learning for Computer Vision with Python,
 * pyimagesearch/nn/conv/resnet.py, CIFAR branch), a pre-activation bottleneck ResNet, rebuilt with tfjs layers.
 * The article trains `ResNet.build(32, 32, 3, 10, (9, 9, 9), (64, 64, 128, 256), reg=0.0005)`.
 *
 *     input → BN → conv3×3(filters[0])
 *       → for each stage i: module(filters[i+1], stride s_i, reduce) then stages[i] − 1 × module(filters[i+1], 1)
 *         with s_0 = 1 and s_i = 2 after
 *       → BN → ReLU → average pool 8×8 → flatten → dense(classes) → softmax
 *
 *     module(K, s):  a = ReLU(BN(x))
 *                    y = conv1×1(K)(ReLU(BN(conv3×3(K/4, stride s)(ReLU(BN(conv1×1(K/4)(a)))))))
 *                    out = y + (reduce ? conv1×1(K, stride s)(a) : x)
 *
 * Every convolution is without bias ('same' padding for the 3×3s) and L2-regularized; batch normalization has
 * epsilon 2e-5 and momentum 0.9 (Keras' and tfjs' convention: moving = 0.9 · moving + 0.1 · batch). K/4 is
 * Python's int(K · 0.25). Each ReLU(BN(·)) is one layer, `BatchNormReLU`, whose training pass runs as fused kernels
 * on the wasm backend (lib/models/batch-norm-layer.ts).
 *
 * Regularization as in the original: `build` applies `reg` to the first convolution and to the dense layer only;
 * it calls `residual_module` without `reg`, so every convolution inside the modules keeps that function's default
 * l2(0.0001). `moduleReg` is that default.
 */
import * as tf from '@tensorflow/tfjs';
import { parameterMessage, parameterProblem } from '../schedules/validate';
import { batchNormalization, batchNormReLU } from './batch-norm-layer';
import { conv2dAdd } from './conv2d-add-layer';

type Regularizer = ReturnType<typeof tf.regularizers.l2>;

/** A bad `resnetArticle` option; the message names it, its allowed range and the value. */
export class ModelParameterError extends RangeError {
  override name = 'ModelParameterError';
}

/** The shape of a member of the family. */
export interface ResNetArticleShape {
  /** Residual modules per stage, each ≥ 1; the article's (9, 9, 9). */
  stages: readonly number[];
  /** Filters of the first convolution, then of each stage (one more than stages); the article's (64, 64, 128, 256). */
  filters: readonly number[];
}

/** Options of `resnetArticle`: a shape plus the hyperparameters of `ResNet.build`. */
export interface ResNetArticleOptions extends ResNetArticleShape {
  /** L2 factor of the first convolution and the dense layer (default 0.0005, the article's `reg`). 0 drops it. */
  reg?: number;
  /** L2 factor of every convolution in the residual modules (default 0.0001, `residual_module`'s default). 0 drops it. */
  moduleReg?: number;
  /** Batch-normalization epsilon (default 2e-5). */
  bnEps?: number;
  /** Batch-normalization momentum (default 0.9). */
  bnMom?: number;
  /** [height, width, channels] of the input (default [32, 32, 3]). */
  inputShape?: readonly [number, number, number];
  /** Number of classes (default 10). */
  classes?: number;
}

/**
 * Members of the family: `article` is the article's network; `tiny`, `small` and `shallow` are for CPU runs. Depth
 * is 2 + 3 · Σ stages weighted layers (the article's: 83).
 *
 * `shallow` has a single stage, so it never downsamples: the final 8×8 average pool leaves a 4 × 4 map of 32
 * channels (512 features) for the dense layer, where the three-stage members leave one pixel. Trained for a few
 * epochs, it reaches the highest test accuracy per CPU-second of the members we measured (the workshop profile's
 * model; see lib/train/profiles.ts).
 */
export const RESNET_ARTICLE_PRESETS = {
  article: { stages: [9, 9, 9], filters: [64, 64, 128, 256] },
  small: { stages: [2, 2, 2], filters: [32, 32, 64, 128] },
  tiny: { stages: [2, 2, 2], filters: [16, 16, 32, 64] },
  shallow: { stages: [2], filters: [16, 32] },
} as const satisfies Record<string, ResNetArticleShape>;

/** The name of a preset. */
export type ResNetArticlePreset = keyof typeof RESNET_ARTICLE_PRESETS;

function fail(param: string, allowed: string, value: unknown, hint = ''): never {
  throw new ModelParameterError(parameterMessage('resnetArticle', parameterProblem(param, allowed, value), hint));
}

function isInt(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * What a shape of the family is, for messages: the rule `resnetArticleShapeProblem` checks, with an example.
 * (Whether the input is large enough for the stages is only known when the model is built for its data.)
 */
export const RESNET_ARTICLE_SHAPE_RULE =
  'a shape is {"stages": [residual modules per stage, each an integer ≥ 1], ' +
  '"filters": [the first convolution\'s filters (an integer ≥ 1), then one count per stage (each an integer ≥ 4)]}, ' +
  'so filters has one more entry than stages, e.g. {"stages": [2], "filters": [16, 32]} (the shallow preset); ' +
  'each stage after the first halves the image, and the last stage must still see at least 8 × 8 pixels ' +
  '(at most 3 stages on 32 × 32 CIFAR-10)';

/**
 * The first problem of a shape's `stages` and `filters` as `<param> must be … (got …)`, or null when it is valid.
 *
 * @example
 * assert.equal(resnetArticleShapeProblem({ stages: [2], filters: [16, 32] }), null);
 * assert.match(resnetArticleShapeProblem({ stages: [2], filters: [16] })!, /^filters must be a list of 2 numbers/);
 */
export function resnetArticleShapeProblem({ stages, filters }: ResNetArticleShape): string | null {
  if (!Array.isArray(stages) || stages.length < 1 || !stages.every((n) => isInt(n, 1))) {
    return parameterProblem('stages', 'a non-empty list of integers ≥ 1', stages);
  }
  if (!Array.isArray(filters) || filters.length !== stages.length + 1) {
    return parameterProblem(
      'filters',
      `a list of ${stages.length + 1} numbers (the first convolution's, then one per stage)`,
      filters,
    );
  }
  if (!isInt(filters[0], 1)) return parameterProblem('filters[0]', 'an integer ≥ 1', filters[0]);
  const bad = filters.findIndex((k, i) => i > 0 && !isInt(k, 4));
  return bad < 0
    ? null
    : parameterProblem(`filters[${bad}]`, "an integer ≥ 4 (a module's bottleneck has K/4 filters)", filters[bad]);
}

function checkNonNegative(param: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) fail(param, 'a finite number ≥ 0', value);
  return value;
}

/**
 * Builds (uncompiled) a member of the article's ResNet family: a preset name, or a shape with hyperparameters.
 * `resnetArticle('article')` is the article's model; its output is softmax probabilities, [batch, classes].
 *
 * @example
 * const model = resnetArticle('shallow'); // CIFAR-10's 32 × 32 × 3 images and 10 classes by default
 * assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
 * model.dispose();
 */
export function resnetArticle(options: ResNetArticlePreset | ResNetArticleOptions = 'article'): tf.LayersModel {
  if (typeof options === 'string' && !(options in RESNET_ARTICLE_PRESETS)) {
    fail(
      'the preset',
      `one of ${Object.keys(RESNET_ARTICLE_PRESETS)
        .map((k) => `'${k}'`)
        .join(', ')}`,
      options,
    );
  }
  const {
    stages,
    filters,
    reg = 0.0005,
    moduleReg = 0.0001,
    bnEps = 2e-5,
    bnMom = 0.9,
    inputShape = [32, 32, 3],
    classes = 10,
  }: ResNetArticleOptions = typeof options === 'string' ? RESNET_ARTICLE_PRESETS[options] : options;

  const shapeProblem = resnetArticleShapeProblem({ stages, filters });
  if (shapeProblem !== null) throw new ModelParameterError(`resnetArticle: ${shapeProblem}.`);
  checkNonNegative('reg', reg);
  checkNonNegative('moduleReg', moduleReg);
  if (!Number.isFinite(bnEps) || bnEps <= 0) fail('bnEps', 'a finite number > 0', bnEps);
  if (!(bnMom >= 0 && bnMom < 1)) fail('bnMom', 'in [0, 1)', bnMom);
  if (!isInt(classes, 2)) fail('classes', 'an integer ≥ 2', classes);
  const [height, width, channels] = inputShape;
  if (![height, width, channels].every((n) => isInt(n, 1))) fail('inputShape', 'three integers ≥ 1', inputShape);
  const last = (n: number): number => stages.slice(1).reduce((s) => Math.ceil(s / 2), n);
  if (last(height) < 8 || last(width) < 8) {
    fail(
      'inputShape',
      `at least 8 × 8 after the ${stages.length - 1} stride-2 stage(s) (before the 8×8 average pool)`,
      inputShape,
      `It is ${last(height)} × ${last(width)} there; use fewer stages or a larger input.`,
    );
  }

  const l2 = (factor: number): Regularizer | undefined => (factor > 0 ? tf.regularizers.l2({ l2: factor }) : undefined);
  const headReg = l2(reg);
  const bodyReg = l2(moduleReg);
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor =>
    layer.apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor): tf.SymbolicTensor =>
    apply(batchNormalization({ axis: -1, epsilon: bnEps, momentum: bnMom }), x);
  const bnRelu = (x: tf.SymbolicTensor): tf.SymbolicTensor =>
    apply(batchNormReLU({ axis: -1, epsilon: bnEps, momentum: bnMom }), x);
  const conv = (
    x: tf.SymbolicTensor,
    k: number,
    size: number,
    stride: number,
    regularizer: Regularizer | undefined,
  ): tf.SymbolicTensor =>
    apply(
      tf.layers.conv2d({
        filters: k,
        kernelSize: size,
        strides: stride,
        padding: size === 1 ? 'valid' : 'same',
        useBias: false,
        kernelRegularizer: regularizer,
      }),
      x,
    );

  const residualModule = (x: tf.SymbolicTensor, k: number, stride: number, reduce: boolean): tf.SymbolicTensor => {
    const quarter = Math.floor(k * 0.25);
    const act1 = bnRelu(x);
    const conv1 = conv(act1, quarter, 1, 1, bodyReg);
    const conv2 = conv(bnRelu(conv1), quarter, 3, stride, bodyReg);
    const branch = bnRelu(conv2);
    // The last 1×1 convolution and the sum with the shortcut as one layer (one pass on the wasm kernels), built
    // before the shortcut's convolution as the article's conv3 is: tfjs' initializers draw their seeds in order.
    const conv3 = conv2dAdd({
      filters: k,
      kernelSize: 1,
      padding: 'valid',
      useBias: false,
      kernelRegularizer: bodyReg,
    });
    conv3.build(branch.shape);
    const shortcut = reduce ? conv(act1, k, 1, stride, bodyReg) : x;
    return apply(conv3, [branch, shortcut]);
  };

  const input = tf.input({ shape: [height, width, channels] });
  let x = conv(bn(input), filters[0]!, 3, 1, headReg);
  stages.forEach((modules, i) => {
    const k = filters[i + 1]!;
    x = residualModule(x, k, i === 0 ? 1 : 2, true);
    for (let j = 0; j < modules - 1; j++) x = residualModule(x, k, 1, false);
  });
  x = apply(tf.layers.averagePooling2d({ poolSize: 8 }), bnRelu(x));
  x = apply(tf.layers.flatten(), x);
  x = apply(tf.layers.dense({ units: classes, kernelRegularizer: headReg }), x);
  const output = apply(tf.layers.activation({ activation: 'softmax' }), x);
  return tf.model({ inputs: input, outputs: output });
}
