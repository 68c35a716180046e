import type { ReadStats } from './types.js';

/** Options of {@link ProgressMeter}. */
export interface ProgressMeterOptions {
  /** Where the bar goes (the CLI passes stderr's write). */
  readonly write: (text: string) => void;
  /** Draw at all: the CLI enables it only when stderr is a terminal. */
  readonly enabled: boolean;
  /** Least time between redraws, ms. @default 100 */
  readonly intervalMs?: number;
  /** Bar width in characters. @default 30 */
  readonly width?: number;
  /** Clock, ms. @default Date.now */
  readonly now?: () => number;
}

/**
 * A one-line progress bar for long reads, redrawn in place (`\r`) at most every `intervalMs`.
 * Pass `meter.update` as a reader's `onProgress`; call `done()` before printing anything else.
 */
export class ProgressMeter {
  private readonly _options: ProgressMeterOptions;
  private readonly _now: () => number;
  private readonly _start: number;
  private _last = -Infinity;
  private _drawn = false;

  constructor(options: ProgressMeterOptions) {
    this._options = options;
    this._now = options.now ?? Date.now;
    this._start = this._now();
  }

  /** Redraws the bar for STATS when due (a bound function: pass it as `onProgress`). */
  readonly update = (stats: Readonly<ReadStats>): void => {
    if (!this._options.enabled) return;
    const now = this._now();
    if (now - this._last < (this._options.intervalMs ?? 100)) return;
    this._last = now;
    this._drawn = true;
    this._options.write(
      `\r${formatProgress(stats, now - this._start, this._options.width)}\u001b[K`,
    );
  };

  /** Clears the bar. Idempotent. */
  done(): void {
    if (!this._drawn) return;
    this._drawn = false;
    this._options.write('\r\u001b[K');
  }
}

/** The text of the bar: `[####------]  40%  12.0/30.0 MB  120000 spans  60000 spans/s`. */
export function formatProgress(stats: Readonly<ReadStats>, elapsedMs: number, width = 30): string {
  const total = stats.totalBytes;
  const fraction = total > 0 ? Math.min(1, stats.bytesRead / total) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = elapsedMs > 0 ? Math.round((stats.spans * 1000) / elapsedMs) : 0;
  return `${bar} ${percent}  ${mb(stats.bytesRead)}/${mb(total)} MB  ${stats.spans} spans  ${rate} spans/s`;
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
