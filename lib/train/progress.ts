/**
 * Keras-like progress text for the terminal. Pure: the caller decides where it goes.
 *
 *     Epoch 3/20
 *     12/40 [========>.....................] - ETA: 21s - loss: 1.2345 - acc: 0.5600
 *     40/40 [==============================] - 30s 750ms/step - loss: 1.1002 - acc: 0.6012 - val_loss: … - lr: 0.1
 */

/** A bar of `width` characters for `done` of `total` steps, as Keras draws it. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.min(width, Math.floor((width * done) / total)) : width;
  const head = done < total && filled < width ? '>' : '';
  const bar = '='.repeat(done >= total ? width : filled) + head;
  return `[${bar.padEnd(width, '.')}]`;
}

/** Seconds as m:ss (h:mm:ss from an hour on): `0:42`, `3:07`, `1:02:05`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Seconds as Keras shows them: `42s`, `3:07`, `1:02:05`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : clock(s);
}

/**
 * ` - name: value` for each metric, 4 decimals (rates in 4 significant digits).
 *
 * @example
 * assert.equal(metricsText({ loss: 0.5, lr: 0.0123456 }), ' - loss: 0.5000 - lr: 0.01235');
 */
export function metricsText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, v]) => ` - ${name}: ${name === 'lr' ? Number(v.toPrecision(4)).toString() : v.toFixed(4)}`)
    .join('');
}

/**
 * The line shown while an epoch runs: steps done, bar, estimated time left and the running metrics.
 *
 * @example
 * const line = batchLine(12, 40, 9, { loss: 1.23456, acc: 0.56 });
 * assert.equal(line, '12/40 [=========>....................] - ETA: 21s - loss: 1.2346 - acc: 0.5600');
 */
export function batchLine(
  done: number,
  total: number,
  elapsedSeconds: number,
  metrics: Record<string, number>,
): string {
  const digits = String(total).length;
  const eta = done > 0 ? (elapsedSeconds / done) * (total - done) : NaN;
  const etaText = Number.isFinite(eta) ? ` - ETA: ${duration(eta)}` : '';
  return `${String(done).padStart(digits)}/${total} ${progressBar(done, total)}${etaText}${metricsText(metrics)}`;
}

/**
 * The line that ends an epoch: full bar, time taken and per step, and the epoch's metrics.
 *
 * @example
 * const line = epochLine(40, 30, { loss: 1.1002, acc: 0.6012, lr: 0.1 });
 * assert.equal(line, '40/40 [==============================] - 30s 750ms/step - loss: 1.1002 - acc: 0.6012 - lr: 0.1');
 */
export function epochLine(total: number, seconds: number, metrics: Record<string, number>): string {
  const perStep = total > 0 ? Math.round((1000 * seconds) / total) : 0;
  return `${total}/${total} ${progressBar(total, total)} - ${duration(seconds)} ${perStep}ms/step${metricsText(metrics)}`;
}
