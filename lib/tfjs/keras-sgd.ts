import * as tf from '@tensorflow/tfjs-core';
import { checkInterval, checkNonNegative } from '../schedules/validate';
import { hasFusedStep, KERAS_SGD_STEP, type KerasSGDStepAttrs } from './keras-sgd-step';

/** A tensor with its variable's name, as tfjs optimizers exchange weights. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** A variable to update, with its gradient. */
type Update = { name: string; variable: tf.Variable; gradient: tf.Tensor };

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

  /**
   * Applies one update to every variable with a gradient. Where the active backend registers the fused kernel
   * {@link KERAS_SGD_STEP} (the project's wasm kernels do), one kernel call updates them all; elsewhere each takes
   * four or five tfjs ops. Both compute the same float32 operations in the same order.
   */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    const updates: Update[] = [];
    for (const [name, gradient] of pairs) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`KerasSGD: no variable named '${name}' is registered.`);
      updates.push({ name, variable, gradient });
    }
    const lr = this.decayedLearningRate;
    const fused =
      updates.length > 0 &&
      hasFusedStep() &&
      updates.every(({ variable, gradient }) => variable.dtype === 'float32' && gradient.dtype === 'float32');
    if (fused) this.fusedUpdate(updates, lr);
    else updates.forEach((update) => this.update(update, lr));
    this.incrementIterations();
  }

  /** One variable's update with tfjs ops. */
  private update({ name, variable, gradient }: Update, lr: number): void {
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

  /** Every variable's update in one call of the backend's fused kernel. */
  private fusedUpdate(updates: Update[], lr: number): void {
    const velocities = this.usesVelocity ? updates.map(({ name, variable }) => this.velocity(name, variable)) : [];
    const inputs: tf.NamedTensorMap = {};
    updates.forEach(({ variable, gradient }, i) => {
      inputs[`variable${i}`] = variable;
      inputs[`gradient${i}`] = gradient;
    });
    velocities.forEach((velocity, i) => {
      inputs[`velocity${i}`] = velocity;
    });
    const attrs: KerasSGDStepAttrs = {
      count: updates.length,
      learningRate: lr,
      momentum: this.momentum,
      nesterov: this.nesterov,
      withVelocity: this.usesVelocity,
    };
    tf.tidy(() => {
      const outputs = tf.engine().runKernel<tf.Tensor[]>(KERAS_SGD_STEP, inputs, attrs as unknown as tf.NamedAttrMap);
      updates.forEach(({ variable }, i) => variable.assign(outputs[i]!));
      velocities.forEach((velocity, i) => velocity.assign(outputs[updates.length + i]!));
    });
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
