import * as tf from '@tensorflow/tfjs-core';
import { checkInterval, checkNonNegative } from '../schedules/validate';

/** A tensor with its variable's name, as tfjs optimizers exchange weights. */
type NamedTensor = { name: string; tensor: tf.Tensor };

export interface KerasSGDOptions {
  /** Default 0.01, as Keras. */
  learningRate?: number;
  /** In [0, 1] (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Keras' legacy per-iteration decay, ≥ 0 (default 0). */
  decay?: number;
}

/**
 * SGD exactly as Keras (and the article) applies it, with momentum in Keras' form:
 *
 *     lr_t = learningRate / (1 + decay · iterations)
 *     v ← momentum · v − lr_t · g
 *     w ← w + v                        (Nesterov: w ← w + momentum · v − lr_t · g)
 *
 * tfjs' `tf.train.momentum` uses PyTorch's form instead (a ← m · a + g; w ← w − lr · a). The two agree while the
 * rate is constant, and differ as soon as it changes: PyTorch's form applies the new rate to the whole velocity,
 * Keras' only to the new gradient. Use this optimizer to reproduce Keras results under a schedule.
 *
 * @example
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 * const optimizer = new KerasSGD({ learningRate: 0.1, momentum: 0.9, decay: 0.5 });
 * model.compile({ optimizer, loss: 'meanSquaredError' });
 * await model.fit(tf.ones([4, 1]), tf.zeros([4, 1]), { epochs: 1, batchSize: 2, verbose: 0 });
 * assert.equal(optimizer.decayedLearningRate, 0.05); // 0.1 / (1 + 0.5 · 2 updates)
 */
export class KerasSGD extends tf.Optimizer {
  static className = 'KerasSGD';
  learningRate: number;
  momentum: number;
  readonly nesterov: boolean;
  readonly decay: number;
  private velocities = new Map<string, tf.Variable>();
  /** Whether updates go through the velocity: from a momentum > 0, or once a schedule sets the momentum. */
  private usesVelocity: boolean;

  constructor({ learningRate = 0.01, momentum = 0, nesterov = false, decay = 0 }: KerasSGDOptions = {}) {
    super();
    this.learningRate = checkRate('learningRate', learningRate);
    this.momentum = checkMomentum(momentum);
    this.usesVelocity = momentum > 0;
    this.nesterov = nesterov;
    this.decay = checkRate('decay', decay);
  }

  /** Sets the base rate used from the next update on (the legacy `decay` still applies on top). */
  setLearningRate(learningRate: number): void {
    this.learningRate = checkRate('learningRate', learningRate);
  }

  /** Sets the momentum used from the next update on, in [0, 1] (a momentum schedule sets it per batch). */
  setMomentum(momentum: number): void {
    this.momentum = checkMomentum(momentum);
    this.usesVelocity = true;
  }

  /** The rate the next update applies: the base rate after the legacy decay. */
  get decayedLearningRate(): number {
    return this.learningRate / (1 + this.decay * this.iterations);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const lr = this.decayedLearningRate;
    for (const [name, gradient] of pairs) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`KerasSGD: no variable named '${name}' is registered.`);
      tf.tidy(() => {
        const step = tf.mul(gradient, -lr);
        if (!this.usesVelocity) {
          variable.assign(tf.add(variable, step));
          return;
        }
        const velocity = this.velocity(name, variable);
        const v = tf.add(tf.mul(velocity, this.momentum), step);
        velocity.assign(v);
        variable.assign(tf.add(variable, this.nesterov ? tf.add(tf.mul(v, this.momentum), step) : v));
      });
    }
    this.incrementIterations();
  }

  private velocity(name: string, variable: tf.Variable): tf.Variable {
    let v = this.velocities.get(name);
    if (!v) {
      v = tf.tidy(() => tf.zerosLike(variable).variable(false));
      this.velocities.set(name, v);
    }
    return v;
  }

  override dispose(): void {
    super.dispose();
    this.velocities.forEach((v) => v.dispose());
    this.velocities.clear();
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const velocities = [...this.velocities].map(([name, variable]) => ({ name: `${name}/velocity`, tensor: variable }));
    return [await this.saveIterations(), ...velocities];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.velocities.forEach((v) => v.dispose());
    this.velocities = new Map(
      rest.map(({ name, tensor }) => [name.replace(/\/velocity$/, ''), tensor.variable(false)] as const),
    );
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov, decay: this.decay };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(KerasSGD);

function checkMomentum(value: number): number {
  return checkInterval('KerasSGD', 'momentum', value, [0, 1]);
}

function checkRate(name: string, value: number): number {
  return checkNonNegative('KerasSGD', name, value);
}
