import { trainingFigure } from '../plots/training-figure';
import { appendEpoch, emptyHistory, type RunHistory } from '../train/history';
import { metricsText } from '../train/progress';
import type { RunEvent } from '../train/runner';
import { LiveFigure, LiveHtml } from './display';
import { clock, progressHtml } from './progress';

/**
 * Shows a CIFAR-10 experiment (`runExperiment`) live in a notebook: pass `monitor.onEvent` as the run's `onEvent`.
 * A progress bar follows the batches (redrawn at most every quarter second); the article's training plot (loss and
 * accuracy, training and test) is redrawn after every epoch, with its static image once the last epoch is done.
 * To let the kernel's interrupt stop the run, give `runExperiment` the option `signal: kernelInterrupt()`.
 *
 * @example
 * const set = new Dataset({
 *   images: Uint8Array.from({ length: 8 * 8 * 8 * 3 }, (_, i) => (i * 37) % 256),
 *   labels: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'], imageShape: [8, 8, 3],
 * });
 * const config = validateRunConfig({ schedule: 'linear', epochs: 2, batchSize: 8, model: 'shallow', dataDir: 'in memory' });
 * const monitor = new ExperimentMonitor('linear decay');
 * await runExperiment(config, { dir: 'runs/linear', data: { train: set, test: set }, onEvent: monitor.onEvent });
 * const html = notebookOutputs().map((output) => output.html); // (what the kernel was sent)
 * assert.ok(html.some((h) => h.includes('epoch 2/2')));
 * assert.match(html.at(-1)!, /<img alt="linear decay/); // the training plot with its PNG, after the last epoch
 */
export class ExperimentMonitor {
  private readonly progress = new LiveHtml();
  private readonly figure = new LiveFigure();
  private history: RunHistory = emptyHistory();
  private started = Date.now();
  private epochs = 1;
  private batches = 1;
  private drawn = 0;

  constructor(private readonly title: string) {}

  readonly onEvent = (event: RunEvent): void => {
    const elapsed = () => clock((Date.now() - this.started) / 1000);
    if (event.kind === 'start') {
      [this.started, this.epochs, this.batches] = [Date.now(), event.epochs, event.batches];
      this.progress.update(
        progressHtml(0, 1, `${event.schedule}: ${event.epochs} epochs of ${event.batches} batches on ${event.backend}`),
      );
    } else if (event.kind === 'batch') {
      if (Date.now() - this.drawn < 250) return;
      this.drawn = Date.now();
      const caption = `epoch ${event.epoch + 1}/${this.epochs}, batch ${event.batch + 1}/${event.batches} · ${elapsed()}${metricsText({ loss: event.loss, acc: event.acc })}`;
      this.progress.update(
        progressHtml(event.epoch * this.batches + event.batch + 1, this.epochs * this.batches, caption),
      );
    } else if (event.kind === 'epoch-end') {
      this.history = appendEpoch(this.history, event.entry);
      const { seconds: _seconds, ...metrics } = event.entry;
      this.progress.update(
        progressHtml(
          event.epoch + 1,
          event.epochs,
          `epoch ${event.epoch + 1}/${event.epochs} · ${elapsed()}${metricsText(metrics)}`,
        ),
      );
      this.figure.update(trainingFigure(this.history, this.title), { final: event.epoch + 1 === event.epochs });
    }
  };
}
