import type { FinderProgress } from '../finder/find-learning-rate';
import { fmt } from '../finder/format';
import { LiveHtml } from './display';
import { clock, progressHtml } from './progress';

/**
 * A live progress line for the learning-rate finder: pass `onProgress: finderProgress('tiny ResNet')` to
 * `findLearningRate`. It shows the updates done, the rate, the smoothed loss and the time, redrawn at most every
 * quarter second, and how the sweep ended.
 *
 * @example
 * const toy = toyProblem({ hidden: 8 });
 * toy.model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
 * await findLearningRate(toy.model, toy.xs, toy.ys, { startLr: 1e-3, endLr: 1, iterations: 20, onProgress: finderProgress('spirals') });
 * toy.dispose();
 * const last = notebookOutputs().at(-1)!.html; // (what the kernel was sent) the line as the sweep ended
 * assert.match(last, /<progress value="20" max="20"/);
 * assert.match(last, /spirals: update 20\/20 · lr 1 ·/);
 */
export function finderProgress(title = 'learning-rate finder'): (progress: FinderProgress) => void {
  const line = new LiveHtml();
  const started = Date.now();
  let drawn = 0;
  return ({ done, iterations, lr, smoothed, ended }) => {
    if (ended === undefined && Date.now() - drawn < 250) return;
    drawn = Date.now();
    const parts = [
      `${title}: update ${done}/${iterations}`,
      `lr ${fmt(lr)}`,
      `smoothed loss ${fmt(smoothed)}`,
      clock((drawn - started) / 1000),
      ended,
    ];
    line.update(progressHtml(done, iterations, parts.filter(Boolean).join(' · ')));
  };
}
