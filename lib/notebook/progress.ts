import { escapeHtml } from '../plots/escape';

/** A one-line HTML progress bar with a caption, for notebook outputs. */
export function progressHtml(done: number, total: number, caption: string): string {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return (
    '<div style="font-family: monospace; font-size: 12px; display: flex; align-items: center; gap: 8px">' +
    `<progress value="${done}" max="${total}" style="width: 240px"></progress>` +
    `<span>${pct.toFixed(0).padStart(3)}% ${escapeHtml(caption)}</span></div>`
  );
}

/** Seconds as m:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
