/**
 * Worker side of {@link DataParallelTrainer}: one model replica on its own
 * single-threaded wasm backend (with the training kernels). Protocol, one
 * reply per request:
 *
 *   {type: 'init', spec, weights, lr, momentum} -> {type: 'ready'}
 *   {type: 'grads', x, y, xShape}               -> {type: 'grads', loss, grads}
 *   {type: 'apply', grads}                      -> {type: 'applied'}
 *   {type: 'weights'}                           -> {type: 'weights', weights}
 *
 * `grads`/`weights` are the trainable (resp. all) weights of the model,
 * concatenated in model order into one Float32Array.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { buildResNet, type ResNetSpec } from '../dist/models';
import { registerTrainingKernels } from '../dist/wasm';
import { setWinograd, winogradModeFromEnv } from '../dist/wasm/winograd';

/** Messages from the trainer. */
export type WorkerRequest =
  | { type: 'init'; spec: ResNetSpec; weights: Float32Array; lr: number; momentum: number }
  | { type: 'grads'; x: Float32Array; y: Float32Array; xShape: number[] }
  | { type: 'apply'; grads: Float32Array }
  | { type: 'weights' };

/** Replies to the trainer. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'grads'; loss: number; grads: Float32Array }
  | { type: 'applied' }
  | { type: 'weights'; weights: Float32Array }
  | { type: 'error'; message: string };

/** Splits `flat` into tensors shaped like `like`. */
function unflatten(flat: Float32Array, like: { shape: number[] }[]): tf.Tensor[] {
  let offset = 0;
  return like.map(({ shape }) => {
    const size = tf.util.sizeFromShape(shape);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape);
    offset += size;
    return t;
  });
}

/** Concatenates the values of `tensors` into one Float32Array. */
function flatten(tensors: tf.Tensor[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const t of tensors) {
    out.set(t.dataSync(), offset);
    offset += t.size;
  }
  return out;
}

let model: tf.LayersModel | null = null;
let optimizer: tf.Optimizer | null = null;

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  if (request.type === 'init') {
    registerTrainingKernels();
    setWinograd(winogradModeFromEnv(process.env));
    if (!(await tf.setBackend('wasm'))) throw new Error('cannot initialise wasm');
    model = buildResNet(request.spec);
    const initial = unflatten(request.weights, model.getWeights());
    model.setWeights(initial);
    tf.dispose(initial);
    optimizer = tf.train.momentum(request.lr, request.momentum);
    return { type: 'ready' };
  }
  if (model === null || optimizer === null) throw new Error('worker not initialised');
  const net = model;
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  switch (request.type) {
    case 'grads': {
      const [n = 0] = request.xShape;
      const { value, grads } = tf.tidy(() => {
        const x = tf.tensor(request.x, request.xShape);
        const y = tf.tensor2d(request.y, [n, request.y.length / n]);
        return tf.variableGrads(() => {
          const probs = net.apply(x, { training: true }) as tf.Tensor;
          return tf.mean<tf.Scalar>(tf.metrics.categoricalCrossentropy(y, probs));
        }, variables);
      });
      const ordered = variables.map((v) => grads[v.name]!);
      const reply: WorkerReply = { type: 'grads', loss: value.dataSync()[0]!, grads: flatten(ordered) };
      tf.dispose([value, ordered]);
      return reply;
    }
    case 'apply': {
      const tensors = unflatten(request.grads, variables);
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: tensors[i]! })));
      tf.dispose(tensors);
      return { type: 'applied' };
    }
    case 'weights':
      return { type: 'weights', weights: flatten(net.getWeights()) };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (reply) => parentPort?.postMessage(reply),
    (err: unknown) =>
      parentPort?.postMessage({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  );
});
