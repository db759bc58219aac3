import type * as tf from '@tensorflow/tfjs';
import { InterruptCallback } from '../interrupt';
import { metricsFigure, type Series } from '../plots/metrics-figure';
import { resolveLogs, type UnresolvedLogs } from '../tfjs/logs';
import { LiveFigure, LiveHtml } from './display';
import { clock, progressHtml } from './progress';

export interface TrainingMonitorOptions {
  /** The figure title. */
  title: string;
  /** Epoch logs to draw (default ['loss']); 'val_*' curves are dashed. */
  metrics?: string[];
  /** A logarithmic y axis (default false). */
  logY?: boolean;
  /** The y axis title (default 'loss'). */
  yTitle?: string;
}

interface Run {
  name: string;
  logs: Record<string, number[]>;
}

/**
 * Shows training live in a notebook: a progress bar updated as batches finish, and the curves of one or several
 * runs redrawn after every epoch, in place. Give each `fit` its own `monitor.callback(name)`. A non-finite loss
 * stops that run and says so. So does the kernel's interrupt (Kernel → Interrupt), after the current batch: a
 * plain `model.fit` then returns early, and `trainToy` or `compareToy` reject with an `InterruptedError`.
 *
 * @example
 * const monitor = new TrainingMonitor({ title: 'Spirals MLP', metrics: ['loss', 'acc'] });
 * const results = await compareToy([['lr 0.5', { lr: 0.5, epochs: 3, hidden: 8 }]], { monitor });
 * assert.equal(results[0]!.history['loss']!.length, 3);
 * const last = notebookOutputs().at(-1)!.html; // (what the kernel was sent) the curves, with their PNG at the end
 * assert.match(last, /<img alt="Spirals MLP"/);
 */
export class TrainingMonitor {
  private readonly progress = new LiveHtml();
  private readonly figure = new LiveFigure();
  private readonly runs: Run[] = [];

  constructor(private readonly options: TrainingMonitorOptions) {}

  /** A callback for one `fit` call, drawn as the run `name`. */
  callback(name = ''): tf.Callback {
    const run: Run = { name, logs: {} };
    this.runs.push(run);
    return new RunCallback(run, this);
  }

  /** Redraws the progress line. */
  drawProgress(html: string): void {
    this.progress.update(html);
  }

  /** Redraws the curves; `final` embeds the static image too. */
  drawFigure(final: boolean): void {
    const metrics = this.options.metrics ?? ['loss'];
    const series: Series[] = this.runs.flatMap((run) =>
      metrics
        .filter((m) => m in run.logs)
        .map((m) => ({
          name: [run.name, metrics.length > 1 || !run.name ? m : ''].filter(Boolean).join(' '),
          values: run.logs[m]!,
          dash: m.startsWith('val_') ? ('dash' as const) : ('solid' as const),
        })),
    );
    const { title, logY = false, yTitle = 'loss' } = this.options;
    this.figure.update(metricsFigure(series, { title, logY, yTitle }), { final });
  }
}

class RunCallback extends InterruptCallback {
  private started = 0;
  private lastDraw = 0;
  private note = '';

  constructor(
    private readonly run: Run,
    private readonly monitor: TrainingMonitor,
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    await super.onTrainBegin();
    this.started = Date.now();
  }

  override async onBatchEnd(batch: number, logs?: UnresolvedLogs): Promise<void> {
    await super.onBatchEnd(batch);
    if (Date.now() - this.lastDraw < 250 && this.stopped === undefined) return;
    this.lastDraw = Date.now();
    const loss = (await resolveLogs(logs))['loss'];
    this.drawProgress(
      this.epoch,
      `batch ${batch + 1}${loss === undefined ? '' : ` · batch loss ${loss.toPrecision(4)}`}`,
    );
  }

  override async onEpochEnd(epoch: number, unresolved?: UnresolvedLogs): Promise<void> {
    const logs = await resolveLogs(unresolved);
    for (const [key, value] of Object.entries(logs)) (this.run.logs[key] ??= []).push(value);
    const loss = logs['loss'];
    if (loss === undefined || !Number.isFinite(loss)) {
      this.note = ` · stopped: the loss became ${loss} in epoch ${epoch + 1}`;
      this.model.stopTraining = true;
    }
    this.drawProgress(epoch + 1, '');
    this.monitor.drawFigure(false);
  }

  override async onTrainEnd(): Promise<void> {
    this.drawProgress(this.epoch + 1, this.stopped ?? 'done');
    this.monitor.drawFigure(true);
  }

  private drawProgress(epochsDone: number, detail: string): void {
    const epochs = Number(this.params['epochs'] ?? 0);
    const last = Object.entries(this.run.logs)
      .map(([k, v]) => `${k} ${v[v.length - 1]!.toPrecision(4)}`)
      .join(' · ');
    const caption = [
      `${this.run.name || 'training'}: epoch ${Math.min(epochsDone + (detail && detail !== 'done' ? 1 : 0), epochs)}/${epochs}`,
      detail,
      clock((Date.now() - this.started) / 1000),
      last,
    ]
      .filter(Boolean)
      .join(' · ');
    this.monitor.drawProgress(progressHtml(epochsDone, epochs, caption + this.note));
  }
}
