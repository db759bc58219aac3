/**
 * The stock tf.layers Conv2D class and the fields of it that the project's Conv2D variants (`Conv2DAdd`,
 * `InputConv2D`) read: tfjs-layers exports the layer's factory, not its class.
 */
import * as tf from '@tensorflow/tfjs';

type StockLayer = ReturnType<typeof tf.layers.conv2d>;
type LayerArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The stock layer's fields the variants read (protected in its typings). */
export interface Conv2DInternals {
  kernel: tf.LayerVariable;
  strides: number[];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number[];
  useBias: boolean;
  activation: { getClassName(): string };
}

/** The class behind `tf.layers.conv2d`. */
export const StockConv2D = (
  Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })) as {
    constructor: new (args: LayerArgs) => StockLayer;
  }
).constructor;
