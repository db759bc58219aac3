/**
 * A CIFAR-style ResNet (He et al. 2016, section 4.2) built with tf.layers,
 * used to exercise and benchmark the training kernels. With the defaults it
 * is ResNet-20: a 3x3 stem, 3 stages of 3 basic blocks with 16/32/64
 * filters (stride 2 entering stages 2 and 3, 1x1 conv + batch-norm
 * projection shortcuts there), global average pooling and a softmax layer.
 * bench/resnet_torch.py builds the same network in PyTorch; the benchmark
 * (bench/train-resnet.ts) and the wasm kernels' tests train it.
 */
import * as tf from '@tensorflow/tfjs';
import { addReLU } from './add-relu-layer';
import { batchNormalization, batchNormReLU } from './batch-norm-layer';
import { inputConv2d } from './input-conv2d-layer';

/** Shape of a {@link buildResNet} network. */
export interface ResNetSpec {
  /** Input [height, width, channels]. */
  inputShape: [number, number, number];
  /** Filters per stage; stages after the first halve the resolution. */
  filters: number[];
  /** Basic blocks per stage. */
  blocksPerStage: number;
  classes: number;
}

/** ResNet-20 for 32x32x3 inputs and 10 classes. */
export const RESNET20: ResNetSpec = {
  inputShape: [32, 32, 3],
  filters: [16, 32, 64],
  blocksPerStage: 3,
  classes: 10,
};

/**
 * conv → BN, or conv → BN → ReLU as one BatchNormReLU layer. The stem's convolution (`input`) is an InputConv2D,
 * so that no backward pass computes the gradient of the images.
 */
function convBn(
  x: tf.SymbolicTensor,
  filters: number,
  kernelSize: number,
  strides: number,
  relu = false,
  input = false,
): tf.SymbolicTensor {
  const args = {
    filters,
    kernelSize,
    strides,
    padding: 'same',
    useBias: false,
    kernelInitializer: 'heNormal',
  } as const;
  const conv = (input ? inputConv2d(args) : tf.layers.conv2d(args)).apply(x) as tf.SymbolicTensor;
  return (relu ? batchNormReLU : batchNormalization)({ axis: -1 }).apply(conv) as tf.SymbolicTensor;
}

function basicBlock(x: tf.SymbolicTensor, filters: number, strides: number): tf.SymbolicTensor {
  const inFilters = x.shape[x.shape.length - 1];
  const branch = convBn(convBn(x, filters, 3, strides, true), filters, 3, 1);
  const shortcut = strides !== 1 || inFilters !== filters ? convBn(x, filters, 1, strides) : x;
  return addReLU().apply([branch, shortcut]) as tf.SymbolicTensor;
}

/**
 * Builds (uncompiled) the ResNet described by `spec` on the active backend.
 *
 * @example
 * const resnet20 = buildResNet(); // RESNET20
 * assert.equal(resnet20.countParams(), 274042); // batch-norm statistics included
 * resnet20.dispose();
 * const small = buildResNet({ inputShape: [8, 8, 3], filters: [4, 8], blocksPerStage: 1, classes: 3 });
 * assert.deepEqual(small.outputs[0]!.shape, [null, 3]);
 * small.dispose();
 */
export function buildResNet(spec: ResNetSpec = RESNET20): tf.LayersModel {
  const input = tf.input({ shape: spec.inputShape });
  let x = convBn(input, spec.filters[0] ?? 16, 3, 1, true, true);
  spec.filters.forEach((filters, stage) => {
    for (let block = 0; block < spec.blocksPerStage; block++) {
      x = basicBlock(x, filters, stage > 0 && block === 0 ? 2 : 1);
    }
  });
  const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: spec.classes, activation: 'softmax' }).apply(pooled);
  return tf.model({ inputs: input, outputs: logits as tf.SymbolicTensor });
}
