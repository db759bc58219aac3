/**
 * Synchronous data-parallel training of a {@link buildResNet} network over
 * worker threads, each running its own single-threaded wasm backend, so a
 * step can use several CPU cores (the wasm backend uses one in Node).
 *
 * Each step splits the batch into one contiguous shard per worker; every
 * worker computes the loss gradient of its shard; the trainer averages them
 * (the gradient of the mean loss over the whole batch when shards are of
 * equal size) and every replica applies the same SGD-momentum update, so
 * the trainable weights stay identical. Batch-norm statistics are per shard
 * and each replica keeps its own moving averages, as in PyTorch's
 * DistributedDataParallel without SyncBatchNorm.
 *
 * Only the benchmark (train-resnet.ts) and its test use it. It runs compiled (`npm run build`
 * compiles bench/ in place, after the library in dist/), beside the worker script.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './data-parallel-worker';
import type { ResNetSpec } from '../dist/models';

/** Options of {@link DataParallelTrainer.create}. */
export interface DataParallelOptions {
  workers: number;
  spec: ResNetSpec;
  /** All weights of a model built from `spec`, concatenated in model order. */
  weights: Float32Array;
  lr: number;
  momentum: number;
}

/** One worker and its pending reply. */
class Replica {
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(path.join(__dirname, 'data-parallel-worker.js'));
  }

  /** Sends `request` and resolves with the reply. */
  call(request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.worker.once('error', onError);
      this.worker.once('message', (reply: WorkerReply) => {
        this.worker.off('error', onError);
        if (reply.type === 'error') reject(new Error(`worker: ${reply.message}`));
        else resolve(reply);
      });
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export class DataParallelTrainer {
  private constructor(private readonly replicas: Replica[]) {}

  /** Starts the workers and gives each the same initial weights. */
  static async create(options: DataParallelOptions): Promise<DataParallelTrainer> {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new Error(`workers must be a positive integer, got ${options.workers}`);
    }
    const replicas = Array.from({ length: options.workers }, () => new Replica());
    await Promise.all(
      replicas.map((r) =>
        r.call({
          type: 'init',
          spec: options.spec,
          weights: options.weights,
          lr: options.lr,
          momentum: options.momentum,
        }),
      ),
    );
    return new DataParallelTrainer(replicas);
  }

  /**
   * One training step on batch `x` (NHWC, flattened) with one-hot labels `y`.
   * Returns the mean loss over the batch.
   */
  async step(x: Float32Array, y: Float32Array, xShape: number[]): Promise<number> {
    const [batch = 0, ...image] = xShape;
    const k = this.replicas.length;
    if (batch % k !== 0) throw new Error(`batch ${batch} is not divisible by ${k} workers`);
    const shard = batch / k;
    const xSize = x.length / batch;
    const ySize = y.length / batch;
    const replies = await Promise.all(
      this.replicas.map((r, i) =>
        r.call({
          type: 'grads',
          x: x.slice(i * shard * xSize, (i + 1) * shard * xSize),
          y: y.slice(i * shard * ySize, (i + 1) * shard * ySize),
          xShape: [shard, ...image],
        }),
      ),
    );
    let loss = 0;
    let mean: Float32Array | null = null;
    for (const reply of replies) {
      if (reply.type !== 'grads') throw new Error(`unexpected reply ${reply.type}`);
      loss += reply.loss / k;
      if (mean === null) mean = new Float32Array(reply.grads.length);
      for (let j = 0; j < mean.length; j++) mean[j]! += reply.grads[j]! / k;
    }
    const grads = mean ?? new Float32Array(0);
    await Promise.all(this.replicas.map((r) => r.call({ type: 'apply', grads })));
    return loss;
  }

  /** All weights of the first replica, concatenated in model order. */
  async weights(): Promise<Float32Array> {
    const reply = await this.replicas[0]!.call({ type: 'weights' });
    if (reply.type !== 'weights') throw new Error(`unexpected reply ${reply.type}`);
    return reply.weights;
  }

  /** Stops the workers. */
  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.terminate()));
  }
}
