import { escapeHtml } from '../plots/escape';

/** The elapsed time the monitors show: one formatter with the terminal's progress lines. */
export { clock } from '../train/progress';

/** A one-line HTML progress bar with a caption, for notebook outputs. */
export function progressHtml(done: number, total: number, caption: string): string {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return (
    '<div style="font-family: monospace; font-size: 12px; display: flex; align-items: center; gap: 8px">' +
    `<progress value="${done}" max="${total}" style="width: 240px"></progress>` +
    `<span>${pct.toFixed(0).padStart(3)}% ${escapeHtml(caption)}</span></div>`
  );
}
